package io.bedside.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.app.sweep.HostResult;
import io.bedside.app.sweep.Inventory;
import io.bedside.app.sweep.Sweep;
import io.bedside.app.sweep.SweepSummary;
import io.bedside.app.sweep.Target;
import io.bedside.app.json.FindingJson;
import io.bedside.app.monitoring.MetricsOutput;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.findings.Finding;
import io.bedside.model.ssh.SshOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.bedside.model.text.HostText.terminal;

/**
 * {@code sweep INVENTORY [--hosts PATTERNS] [--limit PATTERN] [--parallel N] [--timeout 30s]
 * [--sudo] [--json | --format text|json|openmetrics]}: every host of an inventory diagnosed from here, at most N at once. While it
 * runs, stderr shows each host as it answers (a progress line on a terminal); at the end stdout
 * shows the findings grouped across hosts and one line per host, worst first. The exit status is
 * the worst host's: CRITICAL, then UNKNOWN, WARNING, OK. {@code --format openmetrics} writes one
 * exposition for every host (labelled by its inventory name) for a Prometheus textfile job.
 */
final class SweepCommand {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final List<String> FORMATS = List.of("text", "json", "openmetrics");
    private final CommandContext ctx;

    SweepCommand(CommandContext ctx) {
        this.ctx = ctx;
    }

    int run(Args a) {
        if (a.positional().size() != 2) {
            throw new IllegalArgumentException("sweep takes one inventory: an ssh_config, an Ansible inventory (INI or YAML) or a file of host names.");
        }
        String format = a.format().orElse(a.json() ? "json" : "text");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("sweep --format takes " + String.join(", ", FORMATS) + ", not '" + format + "'.");
        }
        if (a.json() && !format.equals("json")) {
            throw new IllegalArgumentException("Choose --json or --format " + format + ", not both.");
        }
        if (!a.warning().isEmpty() || !a.critical().isEmpty()) {
            throw new IllegalArgumentException("--warning and --critical apply to diagnose --format nagios, not to a sweep.");
        }
        Path file = Path.of(a.positional().get(1));
        Inventory inv;
        try {
            inv = Inventory.read(file);
        } catch (IOException e) {
            ctx.err.println(terminal(e.getMessage()));
            return CommandContext.UNKNOWN;
        }
        List<Target> targets = inv.targets();
        if (a.hosts().isPresent()) {
            targets = filter(inv.hosts(a.hosts().get()), targets);
        }
        if (a.limit().isPresent()) {
            targets = filter(inv.limit(a.limit().get()), targets);
        }
        if (targets.isEmpty()) {
            ctx.err.println(terminal("The inventory " + file + " names no host."));
            return CommandContext.UNKNOWN;
        }
        SshOptions ssh = inv.sshOptions(file, a.ssh());
        int parallel = a.parallel().orElse(Sweep.defaultParallel());
        Duration timeout = a.timeout().orElse(DEFAULT_TIMEOUT);
        Sweep sweep = new Sweep(new SshConnector(SshResolver.system()), ssh, a.sudo(), parallel, timeout);
        boolean terminal = System.console() != null && format.equals("text");
        int total = targets.size();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<HostResult> results;
        try {
            results = sweep.run(targets, r -> {
                int d = done.incrementAndGet();
                if (r.status() == 3) {
                    failed.incrementAndGet();
                }
                synchronized (ctx.err) {
                    if (terminal) {
                        ctx.err.print("\r" + d + "/" + total + " hosts answered, " + failed.get() + " unknown   ");
                        ctx.err.flush();
                    } else {
                        ctx.err.println(terminal(d + "/" + total + " " + SweepSummary.line(r)));
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.err.println("The sweep was interrupted.");
            return CommandContext.UNKNOWN;
        }
        if (terminal) {
            ctx.err.println();
        }
        SweepSummary summary = new SweepSummary(results);
        if (format.equals("json")) {
            ctx.out.println(json(summary));
        } else if (format.equals("openmetrics")) {
            ctx.out.print(MetricsOutput.of(results.stream()
                    .map(r -> new MetricsOutput.Host(r.target().name(), r.sample(), r.findings(), r.status())).toList(),
                    Playbooks.metrics()));
        } else {
            for (String l : summary.text()) {
                ctx.out.println(terminal(l));
            }
        }
        return summary.status();
    }

    private static List<Target> filter(List<Target> keep, List<Target> from) {
        return from.stream().filter(keep::contains).toList();
    }

    private static String json(SweepSummary summary) {
        ObjectNode root = SampleJson.JSON.createObjectNode();
        root.put("status", summary.status());
        root.put("hosts_total", summary.results().size());
        ArrayNode groups = root.putArray("findings");
        for (io.bedside.model.findings.FleetGroup g : summary.groups()) {
            ObjectNode o = groups.addObject();
            o.put("id", g.id());
            o.put("severity", g.severity().token());
            ArrayNode hs = o.putArray("hosts");
            g.hosts().forEach(hs::add);
        }
        ArrayNode hosts = root.putArray("hosts");
        for (HostResult r : summary.worstFirst()) {
            ObjectNode h = hosts.addObject();
            h.put("name", r.target().name());
            h.put("address", r.target().address());
            h.put("status", r.status());
            h.put("millis", r.millis());
            r.error().ifPresent(e -> h.put("error", e));
            if (r.sample().isPresent()) {
                h.set("diagnosis", SampleJson.diagnosis(r.sample().get(), r.findings()));
            } else {
                ArrayNode f = h.putArray("findings");
                for (Finding x : r.findings()) {
                    f.add(FindingJson.finding(x));
                }
            }
        }
        try {
            return SampleJson.JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("the sweep's JSON could not be written: " + e.getMessage(), e);
        }
    }
}
