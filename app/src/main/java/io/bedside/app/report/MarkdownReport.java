package io.bedside.app.report;

import io.bedside.app.report.ReportModel.FixView;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;
import io.bedside.model.text.HostText;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.md from a {@link ReportModel}, for a ticket; every host string through {@link HostText#markdown}. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    /** Markdown inline text: its syntax escaped, host text's control, bidi and zero-width characters shown as escapes. */
    private static String md(String s) {
        return HostText.markdown(ReportModel.text(s));
    }

    /** A code span in a Markdown table cell (a command), fenced so no backtick or pipe in it can end it. */
    private static String mdCode(String s) {
        return HostText.markdownTableCode(ReportModel.text(s));
    }

    static String render(ReportModel d) {
        var rec = d.rec();
        StringBuilder m = new StringBuilder();
        m.append("# Bedside report: ").append(md(rec.source())).append("\n\n").append(md(d.span())).append(" Written ")
                .append(ReportModel.when(d.generatedAt())).append(" by Bedside ").append(md(d.version())).append(".\n\n");
        m.append(String.format(Locale.ROOT, "**%d** findings now, **%d** earlier findings gone by the end, **%d** fixes applied, **%d** OOM kills in the kernel log.%n%n",
                d.findings().size(), d.earlier().size(), d.fixes().size(), d.kills().size()));
        m.append("## Host\n\n| fact | value |\n|---|---|\n");
        d.facts().forEach((k, v) -> m.append("| ").append(md(k)).append(" | ").append(md(v)).append(" |\n"));
        m.append("\n## Findings at the end of the recording (").append(d.findings().size()).append(")\n\n");
        if (d.findings().isEmpty()) {
            m.append("No findings.\n\n");
        }
        d.findings().forEach(f -> mdFinding(m, f, null));
        m.append("## Session\n\n");
        for (SvgChart c : d.charts()) {
            m.append("- **").append(md(c.title())).append("**: ");
            if (c.isEmpty()) {
                m.append("no readings in the recording.\n");
            } else {
                m.append(md(String.join("; ", c.summaryLines()))).append(".\n");
            }
        }
        m.append("\nThe charts are in report.html.\n\n");
        m.append("## Fixes applied (").append(d.fixes().size()).append(")\n\n");
        if (d.fixes().isEmpty()) {
            m.append("No fix was applied to this host from Bedside during the recording.\n\n");
        }
        for (FixView fv : d.fixes()) {
            AppliedFix f = fv.fix();
            m.append("### ").append(ReportModel.verdict(f).toUpperCase(Locale.ROOT)).append(": ").append(md(f.title())).append(' ').append(mdCode(f.fixId()))
                    .append("\n\n").append(ReportModel.when(f.startedAt())).append(" to ").append(ReportModel.when(f.finishedAt())).append(", by ")
                    .append(md(f.user())).append(" over ").append(md(f.target())).append(".\n\n");
            f.summary().forEach(l -> m.append("- ").append(md(l)).append('\n'));
            if (!f.summary().isEmpty()) {
                m.append('\n');
            }
            if (!fv.changes().isEmpty()) {
                m.append("| | before | after |\n|---|---|---|\n");
                fv.changes().forEach(c -> m.append("| ").append(md(c.what())).append(" | ").append(md(c.before())).append(" | ")
                        .append(md(c.after())).append(" |\n"));
                m.append('\n');
            }
            m.append("| # | kind | step | command | outcome | exit |\n|---|---|---|---|---|---|\n");
            int n = 0;
            for (AppliedFix.Step st : f.steps()) {
                m.append("| ").append(++n).append(" | ").append(md(st.kind())).append(" | ").append(md(st.description())).append(" | ")
                        .append(mdCode(st.command())).append(" | ").append(md(st.outcome()))
                        .append(st.reason().isEmpty() ? "" : ": " + md(st.reason())).append(" | ")
                        .append(st.exitStatus() < 0 ? "" : Integer.toString(st.exitStatus())).append(" |\n");
            }
            m.append('\n');
        }
        m.append("## Earlier in the recording, no longer present (").append(d.earlier().size()).append(")\n\n");
        if (d.earlier().isEmpty()) {
            m.append("None.\n\n");
        }
        d.earlier().values().forEach(e -> mdFinding(m, e.finding(), "Seen from " + ReportModel.when(e.firstSeen()) + " to " + ReportModel.when(e.lastSeen())
                + "; shown as last seen."));
        m.append("## OOM kills in the kernel log (").append(d.kills().size()).append(")\n\n");
        if (d.kills().isEmpty()) {
            m.append("None read.\n\n");
        } else {
            m.append("| time | pid | process |\n|---|---|---|\n");
            d.kills().forEach(k -> m.append("| ").append(md(k.time().map(ReportModel::when).orElse(k.stamp()))).append(" | ")
                    .append(k.pid()).append(" | ").append(md(k.comm())).append(" |\n"));
            m.append('\n');
        }
        m.append("## Audit log (").append(d.audit().size()).append(" commands)\n\n");
        if (d.audit().isEmpty()) {
            m.append("Bedside ran no command on this host beyond its read-only probe.\n");
        } else {
            m.append("| time | user | fix | kind | command | exit |\n|---|---|---|---|---|---|\n");
            for (AuditEntry e : d.audit()) {
                m.append("| ").append(ReportModel.when(e.time())).append(" | ").append(md(e.user())).append(" | ").append(mdCode(e.fix())).append(" | ")
                        .append(md(e.kind())).append(e.dryRun() ? " (dry run)" : "").append(" | ")
                        .append(mdCode(e.command())).append(" | ").append(e.exitStatus()).append(" |\n");
            }
        }
        return m.toString();
    }

    private static void mdFinding(StringBuilder m, Finding f, String note) {
        {
            m.append("### ").append(f.severity().token().toUpperCase(Locale.ROOT)).append(" `").append(f.id()).append("`\n\n")
                    .append(md(f.summary())).append("\n\n");
            if (note != null) {
                m.append('*').append(md(note)).append("*\n\n");
            }
            List<String> cols = ReportModel.columns(f.subjects());
            if (!cols.isEmpty()) {
                m.append('|');
                cols.forEach(c -> m.append(' ').append(md(c)).append(" |"));
                m.append("\n|");
                cols.forEach(c -> m.append("---|"));
                m.append('\n');
                for (Map<String, Object> s : f.subjects()) {
                    m.append('|');
                    cols.forEach(c -> m.append(' ').append(md(ReportModel.text(s.get(c)))).append(" |"));
                    m.append('\n');
                }
                m.append('\n');
            }
            for (Evidence e : f.evidence()) {
                m.append("**").append(md(e.caption())).append("** (").append(md(e.source())).append(")\n\n");
                m.append(HostText.markdownFence(e.lines())).append('\n');
            }
            if (!f.fixes().isEmpty()) {
                m.append("Fixes: ").append(String.join(", ", f.fixes().stream().map(x -> mdCode(String.join(" ", x.words()))).toList())).append("\n\n");
            }
        }
    }
}
