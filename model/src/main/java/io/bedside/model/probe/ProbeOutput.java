package io.bedside.model.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Probe output split into its sections.
 *
 * @param header    key=value pairs of the {@code @@bedside:probe} line
 * @param sections  sections by name, in the order printed
 * @param trailer   key=value pairs of the {@code @@bedside:end} line; empty when truncated
 * @param complete  whether the end marker arrived (false: output truncated)
 * @param problems  problems found while splitting (stray lines, duplicate sections, truncation)
 */
public record ProbeOutput(Map<String, String> header, Map<String, Section> sections,
                          Map<String, String> trailer, boolean complete, List<ParseProblem> problems) {
    public ProbeOutput {
        header = Map.copyOf(header);
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        trailer = Map.copyOf(trailer);
        problems = List.copyOf(problems);
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** The probe's own run time on the host in nanoseconds, when it reported it. */
    public OptionalLong elapsedNanos() {
        return longField(trailer, "elapsed_ns");
    }

    /**
     * CPU time the probe used on the host (its shell plus the children it waited for), in
     * clock ticks of USER_HZ (100 per second on every mainstream Linux ABI), from the
     * {@code stat=} field of the trailer, which is /proc/self/stat after the command name.
     */
    public OptionalLong cpuTicks() {
        String stat = trailer.get("stat");
        if (stat == null) {
            return OptionalLong.empty();
        }
        String[] f = stat.trim().split(" ");
        // after "comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        if (f.length < 15) {
            return OptionalLong.empty();
        }
        try {
            long sum = 0;
            for (int i = 11; i <= 14; i++) {
                sum += Long.parseLong(f[i]);
            }
            return OptionalLong.of(sum);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public OptionalLong hostEpochNanos() {
        return longField(header, "epoch_ns");
    }

    private static OptionalLong longField(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
