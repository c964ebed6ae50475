package io.bedside.model.procs;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses section {@code pid-limits}: {@code pid_max=32768}, {@code threads-max=192735}. A value
 * that is not a plain number (or too large to be one) is a problem, never a 0; a file the probe
 * could not read is simply not there, and the limit stays unknown.
 */
public final class PidLimitsParser {
    public static final String SOURCE = "pid-limits";

    private PidLimitsParser() {
    }

    public static Optional<PidLimits> parse(List<String> lines, List<ParseProblem> problems) {
        OptionalLong pidMax = OptionalLong.empty();
        OptionalLong threadsMax = OptionalLong.empty();
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            String k = eq < 0 ? "" : line.substring(0, eq);
            String v = eq < 0 ? "" : line.substring(eq + 1).trim();
            OptionalLong n = number(v);
            if ((k.equals("pid_max") || k.equals("threads-max")) && n.isPresent()) {
                if (k.equals("pid_max")) {
                    pidMax = n;
                } else {
                    threadsMax = n;
                }
                kept.add(line);
            } else {
                problems.add(new ParseProblem(SOURCE, line, "Not a limit Bedside knows (pid_max=N, threads-max=N); shown as it is."));
            }
        }
        return Optional.of(new PidLimits(pidMax, threadsMax, kept));
    }

    static OptionalLong number(String v) {
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }
}
