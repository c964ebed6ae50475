package io.bedside.model.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits raw probe output into sections. Pure: text in, records out.
 *
 * <p>Sample:
 * <pre>
 * &#64;&#64;bedside:probe version=1 uid=1000 epoch_ns=1795448610816518083
 * &#64;&#64;bedside:section loadavg ok /proc/loadavg
 * 0.27 0.26 0.11 2/92 3474
 * &#64;&#64;bedside:section pressure-memory missing /proc/pressure/memory
 * &#64;&#64;bedside:end elapsed_ns=4120333 stat=S 1 2 ...
 * </pre>
 */
public final class ProbeOutputParser {
    static final String MARK = "@@bedside:";

    private ProbeOutputParser() {
    }

    public static ProbeOutput parse(String text) {
        return parse(text == null ? List.of() : text.lines().toList());
    }

    public static ProbeOutput parse(List<String> lines) {
        Map<String, String> header = Map.of();
        Map<String, String> trailer = Map.of();
        Map<String, Section> sections = new LinkedHashMap<>();
        List<ParseProblem> problems = new ArrayList<>();
        boolean complete = false;
        String name = null;
        SourceStatus status = null;
        String detail = "";
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            if (complete) {
                if (!line.isBlank()) {
                    problems.add(new ParseProblem("probe", line, "Output after the end marker was ignored."));
                }
                continue;
            }
            if (!line.startsWith(MARK)) {
                if (name == null) {
                    problems.add(new ParseProblem("probe", line, "Output outside any section was ignored."));
                } else {
                    body.add(line);
                }
                continue;
            }
            String rest = line.substring(MARK.length());
            String kind = firstWord(rest);
            String args = rest.substring(kind.length()).trim();
            switch (kind) {
                case "probe" -> header = keyValues(args);
                case "section" -> {
                    if (name != null) {
                        put(sections, problems, new Section(name, status, detail, body));
                    }
                    String[] parts = args.split(" ", 3);
                    if (parts.length < 2 || parts[0].isEmpty()) {
                        problems.add(new ParseProblem("probe", line, "A section marker without a name and status was ignored."));
                        name = null;
                        body = new ArrayList<>();
                        continue;
                    }
                    name = parts[0];
                    status = SourceStatus.fromToken(parts[1]);
                    detail = parts.length > 2 ? parts[2] : "";
                    body = new ArrayList<>();
                }
                case "status" -> {
                    // "@@bedside:status NAME error read-failed": the source failed mid-way
                    String[] parts = args.split(" ", 3);
                    if (name != null && parts.length >= 2 && parts[0].equals(name)) {
                        status = SourceStatus.fromToken(parts[1]);
                        detail = parts.length > 2 ? parts[2] : detail;
                    } else {
                        problems.add(new ParseProblem("probe", line, "A status marker for no open section was ignored."));
                    }
                }
                case "end" -> {
                    if (name != null) {
                        put(sections, problems, new Section(name, status, detail, body));
                        name = null;
                    }
                    trailer = keyValues(args);
                    complete = true;
                }
                default -> problems.add(new ParseProblem("probe", line, "Unknown probe marker '" + kind + "' was ignored."));
            }
        }
        if (!complete) {
            if (name != null) {
                // the last section may be cut short: keep what arrived, but say so
                put(sections, problems, new Section(name, status, detail, body));
                problems.add(new ParseProblem(name, "", "Probe output was truncated inside this source; what arrived is shown but may be incomplete."));
            }
            problems.add(new ParseProblem("probe", "", lines.isEmpty()
                    ? "The probe printed nothing."
                    : "The probe output ended before its end marker (truncated)."));
        }
        if (header.isEmpty()) {
            problems.add(new ParseProblem("probe", "", "The probe header line is missing."));
        }
        return new ProbeOutput(header, sections, trailer, complete, problems);
    }

    private static void put(Map<String, Section> sections, List<ParseProblem> problems, Section s) {
        if (sections.putIfAbsent(s.name(), s) != null) {
            problems.add(new ParseProblem(s.name(), "", "The source appeared twice; the first copy was kept."));
        }
    }

    private static String firstWord(String s) {
        int i = s.indexOf(' ');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Parses {@code a=1 b=2 stat=S 1 2 3}: a value runs until the next " key=" token. */
    static Map<String, String> keyValues(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = null;
        StringBuilder value = new StringBuilder();
        for (String tok : args.split(" ")) {
            int eq = tok.indexOf('=');
            if (eq > 0 && tok.substring(0, eq).matches("[a-z_]+")) {
                if (key != null) {
                    out.put(key, value.toString());
                }
                key = tok.substring(0, eq);
                value = new StringBuilder(tok.substring(eq + 1));
            } else if (key != null) {
                value.append(' ').append(tok);
            }
        }
        if (key != null) {
            out.put(key, value.toString());
        }
        return out;
    }
}
