package io.bedside.model.findings;

import io.bedside.model.sample.Sample;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One thing a playbook measures on the host, as the operator reads it: a fix's before/after rows
 * show it from the probe outputs around the change.
 *
 * @param name      what it is called (the kernel's name where it has one, such as {@code SEMMNI})
 * @param read      its value in a sample, as shown; empty when the sample could not read it
 * @param tolerance the relative change below which it counts as not moved (0: any change counts);
 *                  for values that move all the time, such as {@code MemAvailable}
 */
public record Measure(String name, Function<Sample, Optional<String>> read, double tolerance) {
    public Measure {
        Objects.requireNonNull(name);
        Objects.requireNonNull(read);
    }

    public Measure(String name, Function<Sample, Optional<String>> read) {
        this(name, read, 0);
    }

    /** Whether {@code before} and {@code after} (values this measure read) differ by more than its tolerance. */
    public boolean moved(String before, String after) {
        if (tolerance > 0) {
            try {
                double b = leadingNumber(before);
                double a = leadingNumber(after);
                return Math.abs(a - b) > tolerance * Math.max(1, b);
            } catch (NumberFormatException e) {
                return !before.equals(after);
            }
        }
        return !before.equals(after);
    }

    private static double leadingNumber(String s) {
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) {
            i++;
        }
        return Double.parseDouble(s.substring(0, i));
    }
}
