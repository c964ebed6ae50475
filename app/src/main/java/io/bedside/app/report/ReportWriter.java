package io.bedside.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Playbooks;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.MemInfo;
import io.bedside.model.recording.Recording;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.RawSample;
import io.bedside.model.probe.Sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an incident report from a recording: {@code report.html} (self-contained, no scripts,
 * an inline SVG chart of MemAvailable), {@code report.md} and {@code evidence.json}. The recording is
 * replayed through the same parsers and the diagnosis runs on its last sample with the history.
 * With redaction, host names, user names and IP addresses are replaced by stable placeholders in
 * all three files.
 */
public final class ReportWriter {
    static final String HTML = "report.html";
    static final String MARKDOWN = "report.md";
    static final String JSON = "evidence.json";

    /** "1000 (alice)" as IpcRules writes an owner. */
    private static final Pattern OWNER = Pattern.compile("\\b\\d+ \\(([^()\\s]+)\\)");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Replays {@code rec}, diagnoses it and writes the three files into {@code dir}; returns {@code dir}. */
    public Path write(Recording rec, Path dir, boolean redact) throws IOException {
        Replay replay = new Replay(rec);
        List<Sample> samples = replay.samples();
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        List<Finding> findings = last == null ? List.of()
                : new Diagnosis(Playbooks.allRules()).run(last, samples);
        Optional<HostFacts> facts = lastFacts(samples);
        Map<String, Earlier> earlier = earlier(replay, findings);
        List<Finding> all = new ArrayList<>(findings);
        earlier.values().forEach(e -> all.add(e.finding()));

        Redactor r = new Redactor(redact);
        r.addHost(rec.source());
        for (Sample s : samples) {
            s.facts().get().ifPresent(f -> {
                r.addHost(f.hostname());
                f.user().filter(u -> !u.equals("root")).ifPresent(r::addUser);
            });
        }
        // root is no one's identity and would blank out "needs root" and the like
        ownerNames(all).stream().filter(u -> !u.equals("root")).forEach(r::addUser);

        Map<String, String> factRows = factRows(rec, facts, samples.size());
        List<double[]> mem = memSeries(samples);

        Files.createDirectories(dir);
        Files.writeString(dir.resolve(HTML), r.apply(html(rec, factRows, findings, earlier, mem)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN), r.apply(markdown(rec, factRows, findings, earlier, mem)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JSON), r.apply(json(rec, factRows, findings, earlier)), StandardCharsets.UTF_8);
        return dir;
    }

    /** A finding present at some earlier sample but not at the last one, as it was when last seen. */
    record Earlier(Finding finding, Instant firstSeen, Instant lastSeen) {
    }

    /** Runs the diagnosis at every earlier sample, as a live viewer would have seen it then. */
    private static Map<String, Earlier> earlier(Replay replay, List<Finding> current) {
        Set<String> now = new LinkedHashSet<>();
        current.forEach(f -> now.add(f.id()));
        Diagnosis d = new Diagnosis(Playbooks.allRules());
        Map<String, Earlier> out = new LinkedHashMap<>();
        for (int i = 0; i < replay.size() - 1; i++) {
            Sample s = replay.samples().get(i);
            for (Finding f : d.run(s, replay.upTo(i))) {
                if (!now.contains(f.id())) {
                    Earlier prev = out.get(f.id());
                    out.put(f.id(), new Earlier(f, prev == null ? s.sampledAt() : prev.firstSeen(), s.sampledAt()));
                }
            }
        }
        return out;
    }

    private static Optional<HostFacts> lastFacts(List<Sample> samples) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            Optional<HostFacts> f = samples.get(i).facts().get();
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> factRows(Recording rec, Optional<HostFacts> facts, int count) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("source", rec.source());
        rows.put("recording started", String.valueOf(rec.startedAt()));
        rows.put("samples", Integer.toString(count));
        if (rec.description() != null && !rec.description().isBlank()) {
            rows.put("description", rec.description());
        }
        facts.ifPresent(f -> {
            rows.put("hostname", f.hostname());
            rows.put("kernel", f.kernel());
            f.machine().ifPresent(v -> rows.put("machine", v));
            f.distribution().ifPresent(v -> rows.put("distribution", v));
            f.cpusOnline().ifPresent(v -> rows.put("cpus online", Integer.toString(v)));
            f.timezone().ifPresent(v -> rows.put("timezone", v));
            f.timezoneName().ifPresent(v -> rows.put("timezone name", v));
            f.user().ifPresent(v -> rows.put("user", v));
            f.uid().ifPresent(v -> rows.put("uid", Integer.toString(v)));
            f.bootTime().ifPresent(v -> rows.put("boot time", v.toString()));
            f.uptimeSeconds().ifPresent(v -> rows.put("uptime seconds", String.format(Locale.ROOT, "%.0f", v)));
        });
        return rows;
    }

    /** (epoch seconds, MemAvailable MiB) for every sample that read /proc/meminfo. */
    private static List<double[]> memSeries(List<Sample> samples) {
        List<double[]> out = new ArrayList<>();
        for (Sample s : samples) {
            Optional<MemInfo> m = s.memory().get();
            if (m.isPresent() && m.get().memAvailableKb().isPresent() && s.sampledAt() != null) {
                out.add(new double[]{s.sampledAt().toEpochMilli() / 1000.0, m.get().memAvailableKb().getAsLong() / 1024.0});
            }
        }
        return out;
    }

    // ---- HTML ----

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String html(Recording rec, Map<String, String> facts, List<Finding> findings,
                               Map<String, Earlier> earlier, List<double[]> mem) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Bedside report: ").append(esc(rec.source())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}\n")
                .append("pre{background:#f4f4f4;padding:.5em;overflow-x:auto}\n")
                .append(".critical{color:#fff;background:#b00020}.warning{background:#f5c400}.info{background:#cde}\n")
                .append(".sev{padding:.1em .4em;border-radius:.2em;font-size:.85em;text-transform:uppercase}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Bedside report: ").append(esc(rec.source())).append("</h1>\n");
        h.append("<h2>Host</h2>\n<table>\n");
        facts.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n");
        h.append("<h2>Memory available</h2>\n").append(svg(mem)).append('\n');
        h.append("<h2>Findings at the end of the recording (").append(findings.size()).append(")</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p>\n");
        }
        findings.forEach(f -> htmlFinding(h, f, null));
        h.append("<h2>Earlier in the recording, no longer present (").append(earlier.size()).append(")</h2>\n");
        if (earlier.isEmpty()) {
            h.append("<p>None.</p>\n");
        }
        earlier.values().forEach(e -> htmlFinding(h, e.finding(), "Seen from " + e.firstSeen() + " to " + e.lastSeen()
                + "; shown as last seen."));
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void htmlFinding(StringBuilder h, Finding f, String note) {
        {
            String sev = f.severity().token();
            h.append("<section class=\"finding\" id=\"").append(esc(f.id())).append("\">\n<h3><span class=\"sev ")
                    .append(sev).append("\">").append(sev).append("</span> <code>").append(esc(f.id())).append("</code></h3>\n")
                    .append("<p>").append(esc(f.summary())).append("</p>\n");
            if (note != null) {
                h.append("<p><em>").append(esc(note)).append("</em></p>\n");
            }
            List<String> cols = columns(f.subjects());
            if (!cols.isEmpty()) {
                h.append("<table>\n<tr>");
                cols.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr>\n");
                for (Map<String, Object> s : f.subjects()) {
                    h.append("<tr>");
                    cols.forEach(c -> h.append("<td>").append(esc(text(s.get(c)))).append("</td>"));
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
            for (Evidence e : f.evidence()) {
                h.append("<h4>").append(esc(e.caption())).append(" <small>(").append(esc(e.source())).append(")</small></h4>\n<pre>");
                h.append(esc(String.join("\n", e.lines()))).append("</pre>\n");
            }
            if (!f.fixes().isEmpty()) {
                h.append("<p>Fixes: ");
                h.append(String.join(", ", f.fixes().stream().map(x -> "<code>" + esc(x) + "</code>").toList()));
                h.append("</p>\n");
            }
            h.append("</section>\n");
        }
    }

    static String svg(List<double[]> pts) {
        int w = 720, ht = 240, left = 64, right = 16, top = 16, bottom = 36;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht)
                .append("\" role=\"img\" aria-label=\"MemAvailable (MiB) over the recording\">\n");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(ht).append("\" fill=\"#fff\"/>\n");
        int pw = w - left - right, ph = ht - top - bottom;
        s.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#888\"/>\n");
        if (pts.isEmpty()) {
            s.append("<text x=\"").append(w / 2).append("\" y=\"").append(ht / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"13\">No MemAvailable readings in this recording</text>\n</svg>");
            return s.toString();
        }
        double t0 = pts.get(0)[0], t1 = pts.get(pts.size() - 1)[0];
        double max = 0;
        for (double[] p : pts) {
            max = Math.max(max, p[1]);
        }
        max = max <= 0 ? 1 : niceCeil(max);
        double span = t1 > t0 ? t1 - t0 : 1;
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = top + ph - ph * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, y, left + pw, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%.0f</text>\n", left - 4, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n", left, ht - 8,
                esc(Instant.ofEpochMilli((long) (t0 * 1000)).toString())));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">%s</text>\n", left + pw, ht - 8,
                esc(Instant.ofEpochMilli((long) (t1 * 1000)).toString())));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">MemAvailable (MiB)</text>\n", left + 4, top + 12));
        StringBuilder poly = new StringBuilder();
        for (double[] p : pts) {
            double x = left + (pts.size() == 1 ? pw / 2.0 : pw * (p[0] - t0) / span);
            double y = top + ph - ph * p[1] / max;
            poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        s.append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" points=\"").append(poly.toString().strip()).append("\"/>\n");
        if (pts.size() == 1) {
            String[] xy = poly.toString().strip().split(",");
            s.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"3\" fill=\"#1f6fb2\"/>\n");
        }
        s.append("</svg>");
        return s.toString();
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static List<String> columns(List<Map<String, Object>> subjects) {
        Set<String> cols = new LinkedHashSet<>();
        subjects.forEach(s -> cols.addAll(s.keySet()));
        return List.copyOf(cols);
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Optional<?> o) {
            return o.map(String::valueOf).orElse("");
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? Long.toString(o.getAsLong()) : "";
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? Integer.toString(o.getAsInt()) : "";
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? Double.toString(o.getAsDouble()) : "";
        }
        return String.valueOf(v);
    }

    // ---- Markdown ----

    private static String md(String s) {
        return text(s).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }

    private static String markdown(Recording rec, Map<String, String> facts, List<Finding> findings,
                                   Map<String, Earlier> earlier, List<double[]> mem) {
        StringBuilder m = new StringBuilder();
        m.append("# Bedside report: ").append(md(rec.source())).append("\n\n## Host\n\n| fact | value |\n|---|---|\n");
        facts.forEach((k, v) -> m.append("| ").append(md(k)).append(" | ").append(md(v)).append(" |\n"));
        m.append("\n## Memory available\n\n");
        if (mem.isEmpty()) {
            m.append("No MemAvailable readings in this recording.\n");
        } else {
            double min = Double.MAX_VALUE, max = 0;
            for (double[] p : mem) {
                min = Math.min(min, p[1]);
                max = Math.max(max, p[1]);
            }
            m.append(String.format(Locale.ROOT, "MemAvailable over %d samples: first %.0f MiB, last %.0f MiB, min %.0f MiB, max %.0f MiB.%n",
                    mem.size(), mem.get(0)[1], mem.get(mem.size() - 1)[1], min, max));
        }
        m.append("\n## Findings at the end of the recording (").append(findings.size()).append(")\n\n");
        if (findings.isEmpty()) {
            m.append("No findings.\n\n");
        }
        findings.forEach(f -> mdFinding(m, f, null));
        m.append("## Earlier in the recording, no longer present (").append(earlier.size()).append(")\n\n");
        if (earlier.isEmpty()) {
            m.append("None.\n");
        }
        earlier.values().forEach(e -> mdFinding(m, e.finding(), "Seen from " + e.firstSeen() + " to " + e.lastSeen()
                + "; shown as last seen."));
        return m.toString();
    }

    private static void mdFinding(StringBuilder m, Finding f, String note) {
        {
            m.append("### ").append(f.severity().token().toUpperCase(Locale.ROOT)).append(" `").append(f.id()).append("`\n\n")
                    .append(md(f.summary())).append("\n\n");
            if (note != null) {
                m.append('*').append(md(note)).append("*\n\n");
            }
            List<String> cols = columns(f.subjects());
            if (!cols.isEmpty()) {
                m.append('|');
                cols.forEach(c -> m.append(' ').append(md(c)).append(" |"));
                m.append("\n|");
                cols.forEach(c -> m.append("---|"));
                m.append('\n');
                for (Map<String, Object> s : f.subjects()) {
                    m.append('|');
                    cols.forEach(c -> m.append(' ').append(md(text(s.get(c)))).append(" |"));
                    m.append('\n');
                }
                m.append('\n');
            }
            for (Evidence e : f.evidence()) {
                m.append("**").append(md(e.caption())).append("** (").append(md(e.source())).append(")\n\n");
                String body = String.join("\n", e.lines());
                String fence = body.contains("```") ? "~~~~" : "```";
                m.append(fence).append('\n').append(body).append('\n').append(fence).append("\n\n");
            }
            if (!f.fixes().isEmpty()) {
                m.append("Fixes: ").append(String.join(", ", f.fixes().stream().map(x -> "`" + x + "`").toList())).append("\n\n");
            }
        }
    }

    // ---- JSON ----

    private static String json(Recording rec, Map<String, String> facts, List<Finding> findings,
                               Map<String, Earlier> earlier) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "bedside-report").put("version", 1);
        root.put("source", rec.source());
        root.put("startedAt", String.valueOf(rec.startedAt()));
        root.put("description", rec.description());
        ObjectNode host = root.putObject("host");
        facts.forEach(host::put);
        ArrayNode fs = root.putArray("findings");
        findings.forEach(f -> jsonFinding(fs.addObject(), f));
        ArrayNode es = root.putArray("earlierFindings");
        earlier.values().forEach(e -> jsonFinding(es.addObject(), e.finding())
                .put("firstSeen", String.valueOf(e.firstSeen())).put("lastSeen", String.valueOf(e.lastSeen())));
        ArrayNode raw = root.putArray("samples");
        for (RawSample s : rec.samples()) {
            ObjectNode so = raw.addObject();
            so.put("receivedAt", String.valueOf(s.receivedAt())).put("roundTripMillis", s.roundTripMillis())
                    .put("output", s.output()).put("errors", s.errors());
        }
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode jsonFinding(ObjectNode o, Finding f) {
        {
            o.put("id", f.id()).put("severity", f.severity().token()).put("summary", f.summary());
            ArrayNode subs = o.putArray("subjects");
            for (Map<String, Object> s : f.subjects()) {
                ObjectNode so = subs.addObject();
                s.forEach((k, v) -> {
                    if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) {
                        so.set(k, MAPPER.valueToTree(v));
                    } else {
                        so.put(k, text(v));
                    }
                });
            }
            ArrayNode ev = o.putArray("evidence");
            for (Evidence e : f.evidence()) {
                ObjectNode eo = ev.addObject();
                eo.put("source", e.source()).put("caption", e.caption());
                ArrayNode lines = eo.putArray("lines");
                e.lines().forEach(lines::add);
            }
            ArrayNode fx = o.putArray("fixes");
            f.fixes().forEach(fx::add);
        }
        return o;
    }

    /** User names found in the subjects' owners ("1000 (alice)") of these findings. */
    static Set<String> ownerNames(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            for (Map<String, Object> s : f.subjects()) {
                Object owner = s.get("owner");
                if (owner != null) {
                    Matcher m = OWNER.matcher(owner.toString());
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }
}
