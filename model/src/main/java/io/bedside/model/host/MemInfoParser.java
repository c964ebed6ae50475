package io.bedside.model.host;

import io.bedside.model.probe.ParseProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses /proc/meminfo. Sample lines: {@code MemAvailable:   24352952 kB} and
 * {@code HugePages_Total:       0} (a count, no unit).
 */
public final class MemInfoParser {
    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_()]+):\\s+(\\d+)(?:\\s+kB)?\\s*$");

    private MemInfoParser() {
    }

    public static Optional<MemInfo> parse(List<String> lines, List<ParseProblem> problems) {
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                problems.add(new ParseProblem("meminfo", line, "Unrecognized /proc/meminfo line."));
                continue;
            }
            try {
                fields.put(m.group(1), Long.parseLong(m.group(2)));
            } catch (NumberFormatException e) {
                problems.add(new ParseProblem("meminfo", line, "Number out of range in /proc/meminfo."));
            }
        }
        if (!fields.containsKey("MemTotal")) {
            problems.add(new ParseProblem("meminfo", "", "/proc/meminfo has no MemTotal line."));
            return fields.isEmpty() ? Optional.empty() : Optional.of(new MemInfo(fields));
        }
        return Optional.of(new MemInfo(fields));
    }
}
