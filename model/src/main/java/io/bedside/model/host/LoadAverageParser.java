package io.bedside.model.host;

import io.bedside.model.probe.ParseProblem;

import java.util.List;
import java.util.Optional;

/**
 * Parses /proc/loadavg. Sample line: {@code 0.27 0.26 0.11 2/92 3474}.
 */
public final class LoadAverageParser {
    private LoadAverageParser() {
    }

    public static Optional<LoadAverage> parse(List<String> lines, List<ParseProblem> problems) {
        String line = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
        if (line == null) {
            problems.add(new ParseProblem("loadavg", "", "/proc/loadavg was empty."));
            return Optional.empty();
        }
        String[] f = line.trim().split("\\s+");
        try {
            if (f.length != 5) {
                throw new IllegalArgumentException("expected 5 fields, found " + f.length);
            }
            String[] rt = f[3].split("/");
            if (rt.length != 2) {
                throw new IllegalArgumentException("expected runnable/total in field 4");
            }
            return Optional.of(new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]), Integer.parseInt(rt[0]), Integer.parseInt(rt[1]), Long.parseLong(f[4])));
        } catch (IllegalArgumentException e) {
            problems.add(new ParseProblem("loadavg", line, "Unrecognized /proc/loadavg line: " + e.getMessage() + "."));
            return Optional.empty();
        }
    }
}
