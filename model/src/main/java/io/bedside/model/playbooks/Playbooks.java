package io.bedside.model.playbooks;

import io.bedside.model.findings.FixKind;
import io.bedside.model.findings.Metric;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Rule;
import io.bedside.model.disk.DiskPlaybook;
import io.bedside.model.fds.FdsPlaybook;
import io.bedside.model.cpu.CpuPlaybook;
import io.bedside.model.ipc.IpcPlaybook;
import io.bedside.model.memory.MemoryPlaybook;
import io.bedside.model.net.NetPlaybook;
import io.bedside.model.probe.ProbeFragment;
import io.bedside.model.probe.ProbeScriptAssembly;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.procs.ProcsPlaybook;
import io.bedside.model.sockets.SocketPlaybook;

import java.util.List;
import java.util.Optional;

/**
 * The registry: every playbook Bedside knows, in the order the operator meets them. A new playbook
 * is one class implementing {@link Playbook} and one line here; the headless commands, the report
 * and the window take rules, fixes, titles and JSON parts from this list and name no playbook.
 */
public final class Playbooks {
    private static final List<Playbook> ALL = List.of(new IpcPlaybook(), new MemoryPlaybook(), new SocketPlaybook(), new DiskPlaybook(), new FdsPlaybook(),
            new CpuPlaybook(), new ProcsPlaybook(), new NetPlaybook());

    private Playbooks() {
    }

    private static final SampleParser PARSER = new SampleParser(ALL.stream().<SamplePart<?>>map(Playbook::part).toList());

    public static List<Playbook> all() {
        return ALL;
    }

    /** The parser of samples with every playbook's part. */
    public static SampleParser parser() {
        return PARSER;
    }

    /**
     * The probe script Bedside sends: the host's sources, every playbook's fragments in registry order
     * (shared sources once), the end line, with the secret-masking rules in place.
     */
    public static String probeScript(String secretRules) {
        return ProbeScriptAssembly.assemble(probeSource(), secretRules);
    }

    /** The probe script before its secret-masking rules are put in (it then shows no command-line argument). */
    public static String probeSource() {
        return ProbeFragment.assemble(ALL.stream().flatMap(p -> p.fragments().stream()).toList());
    }

    /**
     * The sections each fragment of the probe prints, in the script's order: the host's, then every
     * playbook's fragments as {@link #probeSource()} puts them (shared ones once).
     */
    public static List<java.util.Set<String>> sectionsInScriptOrder() {
        return SCRIPT_SECTIONS;
    }

    private static final List<java.util.Set<String>> SCRIPT_SECTIONS = scriptSections();

    private static List<java.util.Set<String>> scriptSections() {
        java.util.Map<String, ProbeFragment> distinct = new java.util.LinkedHashMap<>();
        distinct.put(ProbeFragment.HOST.name(), ProbeFragment.HOST);
        ALL.forEach(p -> p.fragments().forEach(f -> distinct.putIfAbsent(f.name(), f)));
        return distinct.values().stream().map(ProbeFragment::sections).toList();
    }

    /** What the newest output lost when it was cut (the size cap, a drop mid-sample); empty when it is complete. */
    public static Optional<io.bedside.model.probe.OutputCut> cut(io.bedside.model.sample.Sample s) {
        return io.bedside.model.probe.OutputCut.of(s.output(), s.stats().bytes(), SCRIPT_SECTIONS);
    }

    /** Every rule of every playbook (fresh instances: rules may keep thresholds). */
    public static List<Rule> allRules() {
        return ALL.stream().flatMap(p -> p.rules().stream()).toList();
    }

    /**
     * What a monitoring engine keeps of a host: every line of every playbook's charts, in registry
     * order, each name once.
     */
    public static List<Metric> metrics() {
        return METRICS;
    }

    private static final List<Metric> METRICS = ALL.stream().flatMap(p -> p.charts().stream())
            .flatMap(c -> Metric.of(c).stream()).toList();

    /** Every fix of every playbook. */
    public static List<FixKind> allFixes() {
        return ALL.stream().flatMap(p -> p.fixes().stream()).toList();
    }

    public static Optional<FixKind> fix(String fixId) {
        return allFixes().stream().filter(f -> f.id().equals(fixId)).findFirst();
    }

    /** The playbook that offers the fix {@code fixId}. */
    public static Optional<Playbook> ofFix(String fixId) {
        return ALL.stream().filter(p -> p.fixes().stream().anyMatch(f -> f.id().equals(fixId))).findFirst();
    }

    /** The playbook whose rules raise {@code findingId}. */
    public static Optional<Playbook> ofFinding(String findingId) {
        return ALL.stream().filter(p -> p.findingIds().contains(findingId)).findFirst();
    }
}
