package io.bedside.ui.memory;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.MemInfo;
import io.bedside.model.host.Pressure;
import io.bedside.model.memory.CgroupMemory;
import io.bedside.model.memory.CgroupMemoryTable;
import io.bedside.model.memory.CgroupRef;
import io.bedside.model.memory.MemoryRules;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.memory.ProcessMemoryTable;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.probe.SourceStatus;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;
import io.bedside.ui.fx.Units;
import io.bedside.ui.overview.HostZone;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One sample's memory as the memory area shows it: the processes in the OOM killer's order with
 * their cgroup limits, the memory findings and the chart values. Pure: no JavaFX, so it is built
 * off the FX thread.
 *
 * @param sampledAt       when the sample was taken
 * @param zone            the host's time zone
 * @param processes       every process, the one the OOM killer takes first on top
 * @param processAbsence  why the process table is not known; empty when it is
 * @param processCount    {@code 412 processes · 59 kernel threads not listed}
 * @param findings        the memory findings, worst first
 * @param memoryAbsence   why the memory chart has nothing to draw; empty when it has
 * @param swapNote        e.g. that no swap is configured; empty when swap is there
 * @param pressureAbsence why the pressure chart has nothing to draw; empty when it has
 */
public record MemoryRows(Instant sampledAt, ZoneId zone, List<ProcessRow> processes, String processAbsence,
                         String processCount, List<FindingItem> findings,
                         String memoryAbsence, String swapNote, String pressureAbsence) {

    /** What the pressure chart says when the host has no /proc/pressure. */
    static final String PSI_MISSING = "Memory pressure (PSI) not present on this host — needs kernel 4.20+ with PSI enabled";

    public MemoryRows {
        processes = List.copyOf(processes);
        findings = List.copyOf(findings);
    }

    /**
     * @param latest       the sample to show
     * @param history      the samples up to it, oldest first, for the findings rules
     * @param fallbackZone the zone to use when the sample does not name the host's
     */
    public static MemoryRows of(Sample latest, List<Sample> history, ZoneId fallbackZone) {
        ZoneId zone = latest.facts().get().flatMap(HostZone::of).orElse(fallbackZone);
        MemorySnapshot mem = MemorySnapshot.of(latest);
        List<ProcessRow> rows = new ArrayList<>();
        String absence = "";
        String count = "";
        Optional<ProcessMemoryTable> table = mem.processes().get();
        if (table.isPresent()) {
            rows = rows(table.get(), mem.cgroups(), userNames(latest.facts().get()));
            count = count(table.get());
        } else {
            absence = "Processes could not be read: " + MemorySnapshot.PROCS + " " + mem.processes().describeAbsence() + ".";
            if (mem.processes() instanceof Reading.Absent<ProcessMemoryTable> a && a.status() == SourceStatus.NEEDS_ROOT) {
                absence += " Switch on administrative access to read every process.";
            }
        }
        List<FindingItem> findings = new ArrayList<>();
        List<Sample> rulesHistory = history.isEmpty() ? List.of(latest) : history;
        for (Finding f : new Diagnosis(MemoryRules.all()).run(latest, rulesHistory)) {
            findings.add(FindingItems.of(f));
        }
        return new MemoryRows(latest.sampledAt(), zone, rows, absence, count, findings,
                memoryAbsence(latest), swapNote(latest), pressureAbsence(latest));
    }

    // ------------------------------------------------------------------ processes

    static List<ProcessRow> rows(ProcessMemoryTable table, Reading<CgroupMemoryTable> cgroups, Map<Long, String> names) {
        List<ProcessRow> out = new ArrayList<>();
        Set<Integer> ranked = new HashSet<>();
        int rank = 0;
        for (ProcessMemory p : table.byOomScore()) {
            out.add(row(p, ++rank, cgroups, names));
            ranked.add(p.pid());
        }
        for (ProcessMemory p : table.processes()) {
            if (!ranked.contains(p.pid())) {
                out.add(row(p, 0, cgroups, names));
            }
        }
        return out;
    }

    static ProcessRow row(ProcessMemory p, int rank, Reading<CgroupMemoryTable> cgroups, Map<Long, String> names) {
        long uid = p.uid().isPresent() ? p.uid().getAsLong() : -1;
        String user = uid < 0 ? "unknown" : owner(uid, names);
        long rss = known(p.rssKb());
        long swap = known(p.swapKb());
        int score = p.oomScore().isPresent() ? p.oomScore().getAsInt() : -1;
        int adj = p.oomScoreAdj().isPresent() ? p.oomScoreAdj().getAsInt() : Integer.MIN_VALUE;
        String adjText = adj == Integer.MIN_VALUE ? "unknown" : adj == -1000 ? "-1000 (never killed)" : Integer.toString(adj);
        String cgroup = p.cgroup().map(CgroupRef::toString).orElse("unknown");
        Limits l = limits(p.cgroup(), cgroups);
        String whyNot = "";
        if (p.zombie()) {
            whyNot = "It has exited (state " + p.state() + "); there is nothing to protect.";
        } else if (p.oomScoreAdj().isEmpty()) {
            whyNot = "Its oom_score_adj could not be read, so it could not be put back.";
        }
        return new ProcessRow(rank, p.pid(), p.comm(), uid, user, state(p.state()), rss, kb(p.rssKb(), p.zombie()), swap,
                kb(p.swapKb(), p.zombie()), score, adj, adjText, cgroup, l.limitBytes(), l.limit(), l.useBytes(), l.use(),
                l.fill(), p.unit().orElse(""), p.cmdline(), whyNot.isEmpty(), whyNot, p.line());
    }

    private record Limits(long limitBytes, String limit, long useBytes, String use, double fill) {
    }

    /**
     * The limit that binds a cgroup (its own or an ancestor's, the smallest) and that cgroup's
     * usage; "no limit" only when the cgroup and every ancestor were read and none has one.
     */
    static Limits limits(Optional<CgroupRef> ref, Reading<CgroupMemoryTable> cgroups) {
        if (ref.isEmpty()) {
            return new Limits(-1, "unknown (no memory cgroup)", -1, "unknown", -1);
        }
        if (cgroups.get().isEmpty()) {
            String why = "not read: " + cgroups.describeAbsence();
            return new Limits(-1, why, -1, why, -1);
        }
        CgroupMemoryTable t = cgroups.get().get();
        Optional<CgroupMemoryTable.Binding> b = t.binding(ref.get());
        if (b.isPresent()) {
            CgroupMemoryTable.Binding x = b.get();
            String at = x.at().equals(ref.get()) ? "" : " (on " + x.at() + ")";
            long use = x.usageBytes().isPresent() ? x.usageBytes().getAsLong() : -1;
            double fill = x.fill().orElse(-1.0);
            String useText = use < 0 ? "unknown" : Units.bytes(use) + (fill < 0 ? "" : " (" + Units.percent(fill) + ")");
            return new Limits(x.bytes(), Units.bytes(x.bytes()) + at, use, useText, fill);
        }
        Optional<CgroupMemory> own = t.get(ref.get());
        boolean allRead = true;
        for (Optional<CgroupRef> c = Optional.of(ref.get()); c.isPresent(); c = c.get().parent()) {
            Optional<CgroupMemory> m = t.get(c.get());
            if (m.isEmpty() || m.get().missing() || m.get().limit().isEmpty()) {
                allRead = false;
                break;
            }
        }
        long use = own.filter(m -> !m.missing()).map(CgroupMemory::usageBytes).orElse(OptionalLong.empty()).orElse(-1);
        String useText = own.isPresent() && own.get().missing() ? "gone (the cgroup was removed)"
                : use < 0 ? "unknown" : Units.bytes(use);
        return new Limits(allRead ? Long.MAX_VALUE : -1, allRead ? "no limit" : "not known", use, useText, -1);
    }

    private static String count(ProcessMemoryTable t) {
        StringBuilder b = new StringBuilder();
        int n = t.processes().size();
        b.append(n).append(n == 1 ? " process" : " processes");
        t.kernelThreads().ifPresent(k -> b.append(" · ").append(k).append(k == 1 ? " kernel thread" : " kernel threads")
                .append(" not listed"));
        t.exited().ifPresent(x -> {
            if (x > 0) {
                b.append(" · ").append(x).append(" exited while read");
            }
        });
        return b.toString();
    }

    static String state(String s) {
        String what = switch (s) {
            case "R" -> "running";
            case "S" -> "sleeping";
            case "D" -> "disk sleep";
            case "Z" -> "zombie";
            case "T" -> "stopped";
            case "t" -> "traced";
            case "X" -> "dead";
            case "I" -> "idle";
            case "P" -> "parked";
            case "W" -> "paging";
            default -> "";
        };
        return what.isEmpty() ? s : s + " (" + what + ")";
    }

    private static long known(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : -1;
    }

    private static String kb(OptionalLong v, boolean zombie) {
        return v.isPresent() ? Units.kib(v.getAsLong()) : zombie ? "none (exited)" : "unknown";
    }

    /** User names the sample tells: root, and the user the probe ran as. */
    static Map<Long, String> userNames(Optional<HostFacts> facts) {
        return HostFacts.userNames(facts);
    }

    private static String owner(long uid, Map<Long, String> names) {
        return io.bedside.model.findings.Owner.of(uid, names).show();
    }

    // ------------------------------------------------------------------ charts

    static String memoryAbsence(Sample s) {
        if (s.memory().get().isEmpty()) {
            return "Memory (/proc/meminfo): " + s.memory().describeAbsence();
        }
        return s.memory().get().get().memAvailableKb().isPresent() ? ""
                : "MemAvailable is not reported by this kernel (it appeared in 3.14)";
    }

    static String swapNote(Sample s) {
        return s.memory().get().map(m -> m.swapTotalKb().isPresent() && m.swapTotalKb().getAsLong() == 0
                ? "No swap is configured on this host (SwapTotal 0 kB)." : m.swapUsedKb().isEmpty()
                ? "Swap use is not reported (SwapTotal or SwapFree missing)." : "").orElse("");
    }

    static String pressureAbsence(Sample s) {
        if (s.memoryPressure() instanceof Reading.Absent<Pressure> a) {
            return a.status() == SourceStatus.MISSING ? PSI_MISSING : "Memory pressure (PSI): " + s.memoryPressure().describeAbsence();
        }
        return "";
    }
}
