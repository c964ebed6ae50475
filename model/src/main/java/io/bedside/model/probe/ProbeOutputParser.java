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
 * &#64;&#64;bedside:probe version=2 token=6f1c0a9e3b7d4c21a8e5f0b2c4d6e8fa uid=1000 pid=3470 epoch_ns=1795448610816518083
 * &#64;&#64;bedside:6f1c0a9e3b7d4c21a8e5f0b2c4d6e8fa:section loadavg ok /proc/loadavg
 * 0.27 0.26 0.11 2/92 3474
 * &#64;&#64;bedside:6f1c0a9e3b7d4c21a8e5f0b2c4d6e8fa:section pressure-memory missing /proc/pressure/memory
 * &#64;&#64;bedside:6f1c0a9e3b7d4c21a8e5f0b2c4d6e8fa:end elapsed_ns=4120333 stat=S 1 2 ...
 * </pre>
 */
public final class ProbeOutputParser {
    static final String MARK = "@@bedside:";
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[0-9a-f][0-9a-f-]{15,79}");

    private ProbeOutputParser() {
    }

    public static ProbeOutput parse(String text) {
        return parse(text, null);
    }

    /**
     * Splits probe output whose header must carry {@code expectedToken}, the boundary token this
     * sample was started with (null: whatever token the header names, as for a recording). Output
     * whose header does not carry it is not used at all.
     */
    public static ProbeOutput parse(String text, String expectedToken) {
        if (expectedToken != null) {
            String got = headerToken(text).orElse(null);
            if (!expectedToken.equals(got)) {
                return new ProbeOutput(Map.of(), Map.of(), Map.of(), false, List.of(new ParseProblem("probe", "",
                        got == null ? "The probe output has no boundary token; none of it was used."
                                : "The probe output carries another sample's boundary token; none of it was used.")));
            }
        }
        return parseText(text == null ? "" : text);
    }

    /**
     * The boundary token the first header line names, if any (the header is where parsing starts);
     * reads no further than that line.
     */
    static java.util.Optional<String> headerToken(String text) {
        int from = 0;
        while (text != null && from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            if (text.startsWith(MARK + "probe ", from)) {
                return java.util.Optional.ofNullable(keyValues(text.substring(from + MARK.length() + 6, end)).get("token"));
            }
            from = end + 1;
        }
        return java.util.Optional.empty();
    }

    /**
     * Lines of probe output: split at '\n' only. A carriage return, a form feed or a Unicode line
     * separator inside host text is part of that line, never the start of another one.
     */
    public static List<String> splitLines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            if (nl < 0) {
                out.add(text.substring(from));
                break;
            }
            out.add(text.substring(from, nl));
            from = nl + 1;
        }
        return out;
    }

    /**
     * Splits lines of probe output. The first {@code @@bedside:probe} line is the header (lines
     * before it, which a login script may print, are reported and ignored). When the header names
     * a boundary token ({@code token=T}, probe version 2 and later), only lines starting with
     * {@code @@bedside:T:} are markers: anything else, including a line of host text made to
     * look like a marker, is body text of the section it appears in. Without a token (version 1
     * recordings), markers are {@code @@bedside:} lines.
     */
    public static ProbeOutput parse(List<String> lines) {
        // the text these lines were split from (a last empty line needs its newline)
        return parseText(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /**
     * {@link #parse(List)} over the text itself: a section's lines are where they start in
     * {@code text} ({@link Lines}), not a string each; only markers and the lines around them are
     * made into strings.
     */
    private static ProbeOutput parseText(String text) {
        Map<String, String> header = Map.of();
        Map<String, String> trailer = Map.of();
        Map<String, Section> sections = new LinkedHashMap<>();
        List<ParseProblem> problems = new ArrayList<>();
        boolean complete = false;
        boolean started = false;
        String mark = MARK;
        String name = null;
        SourceStatus status = null;
        String detail = "";
        Lines.Builder body = new Lines.Builder(text);
        CostMarks costs = new CostMarks();
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            int nl = text.indexOf('\n', pos);
            int start = pos;
            int end = nl < 0 ? length : nl;
            pos = nl < 0 ? length : nl + 1;
            // the common line: body text of an open section (a marker starts with the mark, and
            // holds no newline, so startsWith at the line's start cannot reach into the next line)
            if (started && !complete && name != null && (mark == null || !text.startsWith(mark, start)) && !costs.wantsLine()) {
                body.add(start);
                continue;
            }
            String line = text.substring(start, end);
            if (!started) {
                if (line.startsWith(MARK + "probe ") || line.equals(MARK + "probe")) {
                    started = true;
                    header = keyValues(line.substring(Math.min(line.length(), MARK.length() + 6)));
                    String token = header.get("token");
                    if (token != null && TOKEN.matcher(token).matches()) {
                        mark = MARK + token + ":";
                    } else if (token != null) {
                        problems.add(new ParseProblem("probe", line, "The probe header's boundary token is not valid."));
                        mark = null;
                    }
                } else if (!line.isBlank()) {
                    problems.add(new ParseProblem("probe", line, "Output before the probe header was ignored."));
                }
                continue;
            }
            if (complete) {
                if (!line.isBlank()) {
                    problems.add(new ParseProblem("probe", line, "Output after the end marker was ignored."));
                }
                continue;
            }
            if (mark == null || !line.startsWith(mark)) {
                if (costs.wantsLine()) {
                    costs.line(line);
                } else if (name == null) {
                    problems.add(new ParseProblem("probe", line, "Output outside any section was ignored."));
                } else {
                    body.add(start);
                }
                continue;
            }
            costs.marker();
            String rest = line.substring(mark.length());
            String kind = firstWord(rest);
            String args = rest.substring(kind.length()).trim();
            switch (kind) {
                case "probe" -> problems.add(new ParseProblem("probe", line, "A second probe header was ignored."));
                case "section" -> {
                    if (name != null) {
                        put(sections, problems, new Section(name, status, detail, body.build()));
                    }
                    String[] parts = args.split(" ", 3);
                    if (parts.length < 2 || parts[0].isEmpty()) {
                        problems.add(new ParseProblem("probe", line, "A section marker without a name and status was ignored."));
                        name = null;
                        body = new Lines.Builder(text);
                        continue;
                    }
                    name = parts[0];
                    costs.opened(name);
                    status = SourceStatus.fromToken(parts[1]);
                    detail = parts.length > 2 ? parts[2] : "";
                    body = new Lines.Builder(text);
                }
                case "status" -> {
                    // "@@bedside:T:status NAME error read-failed": the source failed mid-way
                    String[] parts = args.split(" ", 3);
                    if (name != null && parts.length >= 2 && parts[0].equals(name)) {
                        status = SourceStatus.fromToken(parts[1]);
                        detail = parts.length > 2 ? parts[2] : detail;
                    } else {
                        problems.add(new ParseProblem("probe", line, "A status marker for no open section was ignored."));
                    }
                }
                case "cpu" -> {
                    // "@@bedside:T:cpu", then the two lines of the shell's times: the section
                    // above is over (the mark comes before the next one opens)
                    if (name != null) {
                        put(sections, problems, new Section(name, status, detail, body.build()));
                        name = null;
                        body = new Lines.Builder(text);
                    }
                    costs.mark();
                }
                case "end" -> {
                    if (name != null) {
                        put(sections, problems, new Section(name, status, detail, body.build()));
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
                put(sections, problems, new Section(name, status, detail, body.build()));
                problems.add(new ParseProblem(name, "", "Probe output was truncated inside this source; what arrived is shown but may be incomplete."));
            }
            problems.add(new ParseProblem("probe", "", text.isEmpty()
                    ? "The probe printed nothing."
                    : "The probe output ended before its end marker (truncated)."));
        }
        if (!started) {
            problems.add(new ParseProblem("probe", "", "The probe header line is missing."));
        }
        return new ProbeOutput(header, sections, trailer, complete, problems, costs.costs());
    }

    /**
     * The probe's {@code cpu} marks: each is followed by the two lines of the shell's {@code times}
     * ("0m0.31s 0m0.02s": its own user and system time, then its children's); the difference between
     * two marks is charged to the sections opened between them. A mark whose lines do not parse, or
     * whose total is below the last one (printed by a subshell, whose times start again at zero),
     * is passed over: its sections are charged with the next good mark's.
     */
    private static final class CostMarks {
        private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("(\\d{1,9})m(\\d{1,9})(?:[.,](\\d{1,9}))?s");
        private final List<SectionCost> costs = new ArrayList<>();
        private final List<String> opened = new ArrayList<>();
        private long last = -1;
        private int pending;
        private long millis;
        private boolean bad;

        void mark() {
            pending = 2;
            millis = 0;
            bad = false;
        }

        /** Any marker: a mark's times lines come right after it or not at all. */
        void marker() {
            pending = 0;
        }

        boolean wantsLine() {
            return pending > 0;
        }

        void line(String line) {
            pending--;
            java.util.regex.Matcher m = TIME.matcher(line);
            int n = 0;
            while (m.find()) {
                String frac = m.group(3) == null ? "0" : (m.group(3) + "000").substring(0, 3);
                millis += Long.parseLong(m.group(1)) * 60_000 + Long.parseLong(m.group(2)) * 1000 + Long.parseLong(frac);
                n++;
            }
            bad |= n != 2;
            // a mark with no section since the last one: the work in between belongs to the
            // sections opened next (a command's output is printed after it ran)
            if (pending == 0 && !bad && millis >= last && (last < 0 || !opened.isEmpty())) {
                if (last >= 0) {
                    costs.add(new SectionCost(opened, millis - last));
                }
                opened.clear();
                last = millis;
            }
        }

        void opened(String section) {
            opened.add(section);
        }

        List<SectionCost> costs() {
            return costs;
        }
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
