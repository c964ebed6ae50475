package io.bedside.model.memory;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Parses the probe section {@code vmstat-oom}: the {@code oom_kill} line of /proc/vmstat, the
 * number of processes the OOM killer has killed since boot (kernel 4.13+). Sample:
 * <pre>
 * oom_kill 4
 * </pre>
 */
public final class VmstatOomParser {
    public static final String SOURCE = "vmstat-oom";

    private VmstatOomParser() {
    }

    public static Optional<Long> parse(List<String> lines, List<ParseProblem> problems) {
        Long value = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals("oom_kill") && f[1].matches("\\d{1,19}")) {
                try {
                    long v = Long.parseLong(f[1]);
                    if (value != null) {
                        problems.add(new ParseProblem(SOURCE, line, "A second oom_kill line was ignored."));
                    } else {
                        value = v;
                    }
                    continue;
                } catch (NumberFormatException e) {
                    // falls through to the problem below
                }
            }
            problems.add(new ParseProblem(SOURCE, line, "Unrecognized vmstat line (expected 'oom_kill N')."));
        }
        if (value == null) {
            problems.add(new ParseProblem(SOURCE, "", "No oom_kill count was reported."));
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
