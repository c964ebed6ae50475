package io.bedside.app.monitoring;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Metric;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static io.bedside.model.text.HostText.metricLabel;

/**
 * {@code diagnose --format openmetrics}: the host's findings and metrics in the OpenMetrics text
 * format, which Prometheus scrapes and node_exporter's textfile collector reads (it ends in
 * {@code # EOF}, a comment to the older Prometheus text format). Every series has a {@code host}
 * label; a finding is {@code bedside_finding{id, severity, playbook} 1}; a metric the sample could
 * not read is left out, never written as 0. {@code bedside_up} is 0 when no complete sample was taken.
 * A sweep writes one exposition for all its hosts, each by its inventory name.
 */
public final class MetricsOutput {
    private MetricsOutput() {
    }

    /** One host of an exposition; {@code sample} empty when it could not be sampled. */
    public record Host(String name, Optional<Sample> sample, List<Finding> findings, int status) {
        public Host {
            findings = List.copyOf(findings);
        }
    }

    /** The exposition for one host; {@code s} empty when it could not be sampled. */
    public static String of(String host, Optional<Sample> s, List<Finding> findings, int status, List<Metric> metrics) {
        return of(List.of(new Host(host, s, findings, status)), metrics);
    }

    /**
     * The exposition for several hosts (a sweep): each metric family once, with one series per host
     * that has it, as the format requires.
     */
    public static String of(List<Host> hosts, List<Metric> metrics) {
        StringBuilder b = new StringBuilder();
        family(b, "bedside_up", "Whether Bedside took a complete sample of the host (1) or not (0).");
        for (Host x : hosts) {
            boolean complete = x.sample().isPresent() && x.status() != 3;
            b.append("bedside_up{").append(label(x)).append("} ").append(complete ? 1 : 0).append('\n');
        }
        family(b, "bedside_status", "The check's status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
        for (Host x : hosts) {
            b.append("bedside_status{").append(label(x)).append("} ").append(x.status()).append('\n');
        }
        family(b, "bedside_findings", "How many findings the host has now, by severity.");
        for (Host x : hosts) {
            for (String sev : List.of("critical", "warning", "info")) {
                long n = x.findings().stream().filter(f -> f.severity().token().equalsIgnoreCase(sev)).count();
                b.append("bedside_findings{").append(label(x)).append(",severity=\"").append(sev).append("\"} ").append(n).append('\n');
            }
        }
        if (hosts.stream().anyMatch(x -> !x.findings().isEmpty())) {
            family(b, "bedside_finding", "A current finding (1), by its fixed id, severity and playbook.");
            for (Host x : hosts) {
                for (Finding f : x.findings()) {
                    String playbook = Playbooks.ofFinding(f.id()).map(p -> p.id()).orElse("");
                    b.append("bedside_finding{").append(label(x)).append(",id=\"").append(metricLabel(f.id()))
                            .append("\",severity=\"").append(f.severity().token().toLowerCase(java.util.Locale.ROOT))
                            .append("\",playbook=\"").append(metricLabel(playbook)).append("\"} 1\n");
                }
            }
        }
        for (Metric m : metrics) {
            String name = "bedside_" + m.name() + (m.unit().equals("B") ? "_bytes" : m.unit().equals("%") ? "_percent" : "");
            boolean headed = false;
            for (Host x : hosts) {
                if (x.sample().isEmpty()) {
                    continue;
                }
                OptionalDouble v = m.value().apply(x.sample().get());
                if (v.isEmpty()) {
                    continue;
                }
                if (!headed) {
                    family(b, name, m.help());
                    headed = true;
                }
                b.append(name).append('{').append(label(x)).append("} ").append(Formats.number(v.getAsDouble())).append('\n');
            }
        }
        b.append("# EOF\n");
        return b.toString();
    }

    private static String label(Host x) {
        return "host=\"" + metricLabel(x.name()) + "\"";
    }

    private static void family(StringBuilder b, String name, String help) {
        b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
    }
}
