package io.bedside.app.report;

import io.bedside.app.report.ReportModel.Change;
import io.bedside.app.report.ReportModel.FixView;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.fix.FixReport;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.text.HostText;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html from a {@link ReportModel}: self-contained (no script, no external file, charts as
 * inline SVG); every host string through {@link HostText#html}.
 */
final class HtmlReport {
    /** Subject rows a finding shows in the HTML; all of them are in evidence.json and report.md. */
    static final int MAX_ROWS = 15;
    /** Evidence blocks a finding shows open in the HTML; the rest are folded (no script: details/summary). */
    static final int MAX_EVIDENCE = 3;
    /** Plan lines a fix shows open in the HTML (22 ipcrm lines fold). */
    static final int MAX_SUMMARY = 8;

    private HtmlReport() {
    }

    /** HTML text or attribute: entities, and host text's control, bidi and zero-width characters shown as escapes. */
    static String esc(String s) {
        return HostText.html(s);
    }

    /** Lines for a {@code <pre>}: each {@link HostText#preformatted}, joined by real line breaks. */
    private static String escLines(List<String> lines) {
        return String.join("\n", lines.stream().map(HostText::htmlPreformatted).toList());
    }

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.4}",
            "h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}",
            ".meta{color:#555}",
            ".scroll{overflow-x:auto;max-width:100%}",
            "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}",
            "td{overflow-wrap:break-word;max-width:40em}th{background:#f3f3f3;white-space:nowrap}",
            "pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}",
            "code{font-size:.9em}",
            ".more{color:#555;font-style:italic}",
            ".critical{color:#fff;background:#b00020}.warning{background:#f5c400}.info{background:#cde}",
            ".passed{color:#fff;background:#2e7d32}.failed{color:#fff;background:#b00020}.not_run{background:#ddd}",
            ".sev{padding:.1em .4em;border-radius:.2em;font-size:.85em;text-transform:uppercase;white-space:nowrap}",
            ".summary{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}.summary div{border:1px solid #ccc;border-radius:.3em;padding:.4em .8em}",
            ".summary b{font-size:1.4em;display:block}",
            ".charts{display:flex;flex-wrap:wrap;gap:1em}svg.chart{max-width:100%;height:auto;border:1px solid #eee}",
            ".changed{background:#eef7ee}",
            "@media print{.charts{display:block}section{page-break-inside:avoid}}");

    static String render(ReportModel d) {
        var rec = d.rec();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Bedside ").append(esc(d.version())).append("\">\n")
                .append("<title>Bedside report: ").append(esc(rec.source())).append("</title>\n<style>\n").append(CSS)
                .append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>Bedside report: ").append(esc(rec.source())).append("</h1>\n");
        h.append("<p class=\"meta\">").append(esc(d.span())).append(" Written ").append(esc(ReportModel.when(d.generatedAt())))
                .append(" by Bedside ").append(esc(d.version())).append(".</p>\n");
        long crit = d.findings().stream().filter(f -> f.severity().token().equals("critical")).count();
        long warn = d.findings().stream().filter(f -> f.severity().token().equals("warning")).count();
        long passed = d.fixes().stream().filter(f -> f.fix().verification() == FixReport.Verification.PASSED).count();
        h.append("<div class=\"summary\">")
                .append("<div><b>").append(d.findings().size()).append("</b>findings now (").append(crit).append(" critical, ")
                .append(warn).append(" warning)</div>")
                .append("<div><b>").append(d.earlier().size()).append("</b>earlier findings, gone by the end</div>")
                .append("<div><b>").append(d.fixes().size()).append("</b>fixes applied (").append(passed).append(" verified)</div>")
                .append("<div><b>").append(d.kills().size()).append("</b>OOM kills in the kernel log</div>")
                .append("</div>\n");
        h.append("<h2>Host</h2>\n<div class=\"scroll\"><table>\n");
        d.facts().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table></div>\n");
        h.append("<h2>Session charts</h2>\n<p class=\"meta\">Dashed grey lines: the limits the others run against. Dashed upright lines: red, an OOM kill; green, a fix applied.</p>\n<div class=\"charts\">\n");
        for (SvgChart c : d.charts()) {
            h.append(c.svg("No readings of this in the recording")).append('\n');
        }
        h.append("</div>\n");
        h.append("<h2>Findings at the end of the recording (").append(d.findings().size()).append(")</h2>\n");
        if (d.findings().isEmpty()) {
            h.append("<p>No findings.</p>\n");
        }
        d.findings().forEach(f -> htmlFinding(h, f, null));
        h.append("<h2>Fixes applied (").append(d.fixes().size()).append(")</h2>\n");
        if (d.fixes().isEmpty()) {
            h.append("<p>No fix was applied to this host from Bedside during the recording.</p>\n");
        }
        d.fixes().forEach(f -> htmlFix(h, f));
        h.append("<h2>Earlier in the recording, no longer present (").append(d.earlier().size()).append(")</h2>\n");
        if (d.earlier().isEmpty()) {
            h.append("<p>None.</p>\n");
        }
        d.earlier().values().forEach(e -> htmlFinding(h, e.finding(), "Seen from " + ReportModel.when(e.firstSeen()) + " to " + ReportModel.when(e.lastSeen())
                + "; shown as last seen."));
        h.append("<h2>OOM kills in the kernel log (").append(d.kills().size()).append(")</h2>\n");
        if (d.kills().isEmpty()) {
            h.append("<p>None read.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table>\n<tr><th>time</th><th>pid</th><th>process</th><th>kernel line</th></tr>\n");
            for (OomEvent k : d.kills()) {
                h.append("<tr><td>").append(esc(k.time().map(ReportModel::when).orElse(k.stamp()))).append("</td><td>").append(k.pid())
                        .append("</td><td>").append(esc(k.comm())).append("</td><td><code>").append(esc(k.killLine())).append("</code></td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        h.append("<h2>Audit log (").append(d.audit().size()).append(" commands)</h2>\n");
        if (d.audit().isEmpty()) {
            h.append("<p>Bedside ran no command on this host beyond its read-only probe.</p>\n");
        } else {
            h.append("<p class=\"meta\">Every command a fix ran on the host, in order, with the user it ran as and its exit status.</p>\n");
            h.append("<div class=\"scroll\"><table>\n<tr><th>time</th><th>user</th><th>fix</th><th>kind</th><th>command</th><th>exit</th></tr>\n");
            for (AuditEntry e : d.audit()) {
                h.append("<tr><td>").append(esc(ReportModel.when(e.time()))).append("</td><td>").append(esc(e.user())).append("</td><td><code>")
                        .append(esc(e.fix())).append("</code></td><td>").append(esc(e.kind())).append(e.dryRun() ? " (dry run)" : "")
                        .append("</td><td><code>").append(esc(e.command())).append("</code></td><td>").append(e.exitStatus()).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void htmlFix(StringBuilder h, FixView fv) {
        AppliedFix f = fv.fix();
        String v = f.verification().name().toLowerCase(Locale.ROOT);
        h.append("<section class=\"fix\" id=\"fix-").append(esc(f.fixId())).append("\">\n<h3><span class=\"sev ").append(v).append("\">")
                .append(esc(ReportModel.verdict(f))).append("</span> ").append(esc(f.title())).append(" <code>").append(esc(f.fixId())).append("</code></h3>\n");
        h.append("<p class=\"meta\">").append(esc(ReportModel.when(f.startedAt()))).append(" to ").append(esc(ReportModel.when(f.finishedAt())))
                .append(", by ").append(esc(f.user())).append(" over ").append(esc(f.target())).append(".</p>\n");
        if (!f.summary().isEmpty()) {
            h.append("<ul>\n");
            int n = 0;
            for (String l : f.summary()) {
                if (n++ == MAX_SUMMARY && f.summary().size() > MAX_SUMMARY + 1) {
                    h.append("</ul>\n<details><summary>").append(f.summary().size() - MAX_SUMMARY)
                            .append(" more lines of the plan</summary>\n<ul>\n");
                }
                h.append("<li>").append(esc(l)).append("</li>\n");
            }
            h.append("</ul>\n");
            if (f.summary().size() > MAX_SUMMARY + 1) {
                h.append("</details>\n");
            }
        }
        if (!fv.changes().isEmpty()) {
            h.append("<h4>Before and after</h4>\n<div class=\"scroll\"><table>\n<tr><th></th><th>before</th><th>after</th></tr>\n");
            for (Change c : fv.changes()) {
                h.append("<tr").append(c.before().equals(c.after()) ? "" : " class=\"changed\"").append("><th>").append(esc(c.what()))
                        .append("</th><td>").append(esc(c.before())).append("</td><td>").append(esc(c.after())).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        } else {
            h.append("<p><em>No picture of the host before and after this fix was kept.</em></p>\n");
        }
        h.append("<h4>Steps</h4>\n<div class=\"scroll\"><table>\n<tr><th>#</th><th>kind</th><th>step</th><th>outcome</th><th>exit</th></tr>\n");
        int n = 0;
        for (AppliedFix.Step st : f.steps()) {
            h.append("<tr><td>").append(++n).append("</td><td>").append(esc(st.kind())).append("</td><td>").append(esc(st.description()))
                    .append("<br><code>").append(esc(st.command())).append("</code></td><td>").append(esc(st.outcome()))
                    .append(st.reason().isEmpty() ? "" : ": " + esc(st.reason())).append("</td><td>")
                    .append(st.exitStatus() < 0 ? "" : Integer.toString(st.exitStatus())).append("</td></tr>\n");
        }
        h.append("</table></div>\n</section>\n");
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
            List<String> cols = ReportModel.columns(f.subjects());
            if (!cols.isEmpty()) {
                h.append("<div class=\"scroll\"><table>\n<tr>");
                cols.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr>\n");
                for (Map<String, Object> s : f.subjects().subList(0, Math.min(MAX_ROWS, f.subjects().size()))) {
                    h.append("<tr>");
                    cols.forEach(c -> h.append("<td>").append(esc(ReportModel.text(s.get(c)))).append("</td>"));
                    h.append("</tr>\n");
                }
                h.append("</table></div>\n");
                if (f.subjects().size() > MAX_ROWS) {
                    h.append("<p class=\"more\">").append(f.subjects().size() - MAX_ROWS)
                            .append(" more rows in evidence.json (findings[].subjects).</p>\n");
                }
            }
            int shown = 0;
            for (Evidence e : f.evidence()) {
                if (shown++ == MAX_EVIDENCE && f.evidence().size() > MAX_EVIDENCE) {
                    h.append("<details><summary>").append(f.evidence().size() - MAX_EVIDENCE).append(" more pieces of evidence</summary>\n");
                }
                h.append("<h4>").append(esc(e.caption())).append(" <small>(").append(esc(e.source())).append(")</small></h4>\n<pre>");
                h.append(escLines(e.lines())).append("</pre>\n");
            }
            if (f.evidence().size() > MAX_EVIDENCE) {
                h.append("</details>\n");
            }
            if (!f.fixes().isEmpty()) {
                h.append("<p>Fixes: ");
                h.append(String.join(", ", f.fixes().stream().map(x -> "<code>" + esc(String.join(" ", x.words())) + "</code>").toList()));
                h.append("</p>\n");
            }
            h.append("</section>\n");
        }
    }
}
