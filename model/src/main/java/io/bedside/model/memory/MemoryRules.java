package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Subject;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.MemInfo;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The memory playbook's findings (issue 4). The ids are fixed: {@code diagnose --json} and the
 * window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #OOM_KILLED}</td><td>an OOM kill in the kernel log (every one the log still holds, newest first)</td>
 *     <td>critical when one is newer than {@code recent} or arrived during the session, else warning</td></tr>
 * <tr><td>{@value #PRESSURE}</td><td>PSI memory some/full avg10, or MemAvailable as a share of MemTotal, past a threshold</td>
 *     <td>warning or critical, by threshold</td></tr>
 * <tr><td>{@value #NEXT_VICTIM}</td><td>the process the OOM killer would take next (of the host, or of a memory cgroup at
 *     80% of its limit or more) is marked critical, or holds most of the memory it is limited by</td>
 *     <td>warning when marked critical (critical when memory is also short), else info</td></tr>
 * <tr><td>{@value #REBOOTED}</td><td>a boot within the window</td>
 *     <td>warning when seen during the session or the boot before ended without a shutdown record, else info</td></tr>
 * <tr><td>{@value #LOG_UNREADABLE}</td><td>the kernel log could not be read</td>
 *     <td>warning when the kernel counted OOM kills (vmstat oom_kill), else info</td></tr>
 * </table>
 *
 * <p>The kernel log is read incrementally (each sample holds only what is new since the last), so
 * the kills are gathered from every sample of the history and the latest, once each.
 */
public final class MemoryRules implements Rule {
    /** Still one class for the whole playbook: it raises every id of {@link MemoryPlaybook#findingIds()}. */
    @Override
    public String id() {
        return "memory.*";
    }

    public static final String OOM_KILLED = "mem.oom.killed";
    public static final String PRESSURE = "mem.pressure";
    public static final String NEXT_VICTIM = "mem.oom.next-victim";
    public static final String REBOOTED = "host.rebooted";
    public static final String LOG_UNREADABLE = "mem.oom.log-unreadable";

    private static final DateTimeFormatter WORDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Evidence shows at most this many kills' lines (the subjects list them all). */
    static final int EVIDENCE_KILLS = 20;
    /** A memory cgroup this full is one whose own OOM killer may run soon. */
    static final double CGROUP_NEAR = 0.8;

    /**
     * When memory is short.
     *
     * @param someAvg10Warning   PSI "some" avg10 (%) for a warning
     * @param someAvg10Critical  PSI "some" avg10 (%) for critical
     * @param fullAvg10Warning   PSI "full" avg10 (%) for a warning
     * @param fullAvg10Critical  PSI "full" avg10 (%) for critical
     * @param availableWarning   MemAvailable below this share of MemTotal (%) for a warning
     * @param availableCritical  MemAvailable below this share (%) for critical
     * @param mostOfMemory       a process holding at least this share (0..1) of what limits it "holds most of memory"
     */
    public record Thresholds(double someAvg10Warning, double someAvg10Critical, double fullAvg10Warning,
                             double fullAvg10Critical, double availableWarning, double availableCritical,
                             double mostOfMemory) {
        public static final Thresholds DEFAULTS = new Thresholds(10, 40, 5, 20, 10, 5, 0.5);
    }

    private final Set<String> critical;
    private final Thresholds thresholds;
    private final Duration window;
    private final Duration recent;

    /** No process marked critical, default thresholds, a 24-hour window. */
    public MemoryRules() {
        this(Set.of());
    }

    /** @param critical names (comm) of the processes the operator marked critical */
    public MemoryRules(Set<String> critical) {
        this(critical, Thresholds.DEFAULTS, Duration.ofHours(24), Duration.ofHours(1));
    }

    /**
     * @param critical   names (comm) of the processes the operator marked critical
     * @param thresholds when memory is short
     * @param window     how far back a boot counts as a reboot to report (at least back to the oldest sample)
     * @param recent     a kill newer than this is critical
     */
    public MemoryRules(Set<String> critical, Thresholds thresholds, Duration window, Duration recent) {
        this.critical = Set.copyOf(critical);
        this.thresholds = thresholds;
        this.window = window;
        this.recent = recent;
    }

    /**
     * Evaluates the latest sample, reading its memory sections from its probe output. Once
     * {@code Sample} carries its {@link MemorySnapshot}, pass it to
     * {@link #evaluate(Sample, MemorySnapshot, List)} instead, so the process table is parsed once.
     */
    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        return evaluate(latest, MemorySnapshot.of(latest), history);
    }

    /**
     * @param latest  the latest sample (meminfo, PSI, host facts, time)
     * @param memory  its memory sections
     * @param history the samples before it, oldest first (it may itself be among them)
     */
    public List<Finding> evaluate(Sample latest, MemorySnapshot memory, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        Instant now = latest.hostTime();
        List<Kill> kills = gatherKills(latest, memory, history);
        Optional<Level> shortage = shortage(latest);
        if (!kills.isEmpty()) {
            out.add(killed(kills, memory, now));
        }
        logUnreadable(memory).ifPresent(out::add);
        pressure(latest, shortage).ifPresent(out::add);
        nextVictim(latest, memory, shortage).ifPresent(out::add);
        rebooted(latest, memory, history, now).ifPresent(out::add);
        return out;
    }

    // ------------------------------------------------------------------ mem.oom.killed

    /** A kill, and whether it arrived during the session (read after the first, full read). */
    record Kill(OomEvent event, boolean arrivedLive) {
    }

    private static List<Kill> gatherKills(Sample latest, MemorySnapshot memory, List<Sample> history) {
        List<Kill> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Sample s : history) {
            if (s == latest) {
                continue;
            }
            MemorySnapshot.kernelLog(s.output(), new ArrayList<ParseProblem>()).get()
                    .ifPresent(k -> add(all, seen, k));
        }
        memory.kernelLog().get().ifPresent(k -> add(all, seen, k));
        List<Kill> newest = new ArrayList<>(all.reversed());
        if (newest.stream().allMatch(k -> k.event().time().isPresent())) {
            newest.sort((a, b) -> b.event().time().get().compareTo(a.event().time().get()));
        }
        return newest;
    }

    private static void add(List<Kill> all, Set<String> seen, KernelLog log) {
        boolean live = log.source().map(s -> !s.fromStart()).orElse(false);
        for (OomEvent e : log.kills()) {
            // the same kill read twice (a source read again from the start) has the same kill message
            String key = e.pid() + "|" + LogStamps.split(e.killLine(), LogClock.UTC).message().strip();
            if (seen.add(key)) {
                all.add(new Kill(e, live));
            }
        }
    }

    private Finding killed(List<Kill> kills, MemorySnapshot memory, Instant now) {
        Map<String, Integer> running = new LinkedHashMap<>();
        memory.processes().get().ifPresent(t -> t.processes().forEach(p -> running.putIfAbsent(p.comm(), p.pid())));
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        boolean urgent = false;
        for (Kill k : kills) {
            OomEvent e = k.event();
            boolean fresh = k.arrivedLive() || e.time().map(t -> !t.isBefore(now.minus(recent))).orElse(false);
            urgent |= fresh;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", e.pid());
            m.put("comm", e.comm());
            m.put("time", e.time().map(Instant::toString).orElse("unknown"));
            m.put("stamp", e.stamp());
            m.put("anon_rss_kb", known(e.anonRssKb()));
            m.put("file_rss_kb", known(e.fileRssKb()));
            m.put("shmem_rss_kb", known(e.shmemRssKb()));
            m.put("total_vm_kb", known(e.totalVmKb()));
            m.put("oom_score_adj", e.oomScoreAdj().isPresent() ? (Object) e.oomScoreAdj().getAsInt() : "unknown");
            m.put("uid", known(e.uid()));
            m.put("constraint", e.constraint().orElse(e.memcgOom() ? "CONSTRAINT_MEMCG" : "unknown"));
            m.put("memcg", e.memcg().orElse(e.memcgOom() ? "unknown" : ""));
            m.put("task_memcg", e.taskMemcg().orElse("unknown"));
            m.put("scope", e.memcgOom() ? "memory cgroup" : e.constraint().isPresent() || !e.message().isEmpty() ? "system" : "unknown");
            m.put("trigger_comm", e.trigger().map(OomEvent.Trigger::comm).orElse("unknown"));
            m.put("trigger_pid", e.trigger().flatMap(t -> t.pid().isPresent() ? Optional.of((Object) t.pid().getAsInt()) : Optional.empty())
                    .orElse("unknown"));
            m.put("new", fresh);
            Integer again = running.get(e.comm());
            if (again != null) {
                m.put("now_running_pid", again);
            }
            subjects.add(Subject.of(Subject.Kind.KILL, m));
            if (evidence.size() < EVIDENCE_KILLS) {
                evidence.add(new Evidence(MemorySnapshot.KERNEL_LOG, "OOM kill of " + e.comm() + " (pid " + e.pid() + ")"
                        + e.time().map(t -> " at " + WORDS.format(t)).orElse(e.stamp().isEmpty() ? "" : " " + e.stamp()), e.lines()));
            }
        }
        memory.oomKills().get().ifPresent(n -> evidence.add(new Evidence(MemorySnapshot.VMSTAT,
                "OOM kills since boot (/proc/vmstat)", List.of("oom_kill " + n))));
        OomEvent newest = kills.get(0).event();
        StringBuilder summary = new StringBuilder("The OOM killer killed ").append(newest.comm()).append(" (pid ")
                .append(newest.pid()).append(")");
        newest.time().ifPresent(t -> summary.append(" at ").append(WORDS.format(t)));
        if (newest.memcgOom()) {
            summary.append(", its memory cgroup ").append(newest.memcg().orElse("(not named)")).append(" at its limit");
        } else if (newest.constraint().isPresent() || !newest.message().isEmpty()) {
            summary.append(", the system out of memory");
        }
        newest.anonRssKb().ifPresent(kb -> summary.append("; it held ").append(kb).append(" kB anonymous memory"));
        if (kills.size() > 1) {
            summary.append(" (").append(kills.size()).append(" kills in the log)");
        }
        // protect the process of that name running again (the newest kill's first)
        List<FixOffer> fixes = subjects.stream().filter(s -> s.get("now_running_pid") instanceof Number).findFirst()
                .map(s -> List.of(FixOffer.of(MemoryFixPlans.PROTECT, "pid", s.get("now_running_pid").toString())))
                .orElse(List.of());
        return new Finding(OOM_KILLED, urgent ? Severity.CRITICAL : Severity.WARNING, summary.toString(), subjects, evidence, fixes);
    }

    private Optional<Finding> logUnreadable(MemorySnapshot memory) {
        if (memory.kernelLog() instanceof Reading.Absent<KernelLog> a) {
            OptionalLong count = memory.oomKills().get().map(OptionalLong::of).orElse(OptionalLong.empty());
            boolean killsHappened = count.isPresent() && count.getAsLong() > 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", MemorySnapshot.KERNEL_LOG);
            m.put("status", a.status().token());
            m.put("reason", a.detail());
            m.put("oom_kill", count.isPresent() ? (Object) count.getAsLong() : "unknown");
            String advice = a.status() == SourceStatus.NEEDS_ROOT
                    ? "switch on administrative access (sudo) to read it" : "it is " + a.status().describe();
            m.put("advice", advice);
            String summary = "The kernel log cannot be read (" + memory.kernelLog().describeAbsence() + "): "
                    + (killsHappened ? "the kernel has OOM-killed " + count.getAsLong() + " process"
                    + (count.getAsLong() == 1 ? "" : "es") + " since boot, but which cannot be shown; " : "OOM kills cannot be shown; ")
                    + advice;
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence(MemorySnapshot.KERNEL_LOG, MemorySnapshot.KERNEL_LOG + " " + memory.kernelLog().describeAbsence(), List.of()));
            count.ifPresent(n -> ev.add(new Evidence(MemorySnapshot.VMSTAT, "OOM kills since boot (/proc/vmstat)", List.of("oom_kill " + n))));
            return Optional.of(new Finding(LOG_UNREADABLE, killsHappened ? Severity.WARNING : Severity.INFO, summary,
                    List.of(Subject.of(Subject.Kind.SOURCE, m)), ev, List.of()));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ mem.pressure

    /** One figure past a threshold. */
    record Level(Severity severity, Subject subject, String phrase) {
    }

    private Optional<Level> shortage(Sample latest) {
        List<Level> levels = levels(latest);
        return levels.stream().max((a, b) -> a.severity().compareTo(b.severity()));
    }

    private List<Level> levels(Sample latest) {
        List<Level> out = new ArrayList<>();
        Thresholds t = thresholds;
        latest.memoryPressure().get().ifPresent(p -> {
            stall(out, "some avg10", p.some().avg10(), t.someAvg10Warning(), t.someAvg10Critical(),
                    "some task stalled on memory");
            p.full().ifPresent(f -> stall(out, "full avg10", f.avg10(), t.fullAvg10Warning(), t.fullAvg10Critical(),
                    "all tasks stalled on memory"));
        });
        latest.memory().get().ifPresent(mi -> {
            OptionalLong total = mi.memTotalKb();
            OptionalLong avail = mi.memAvailableKb();
            if (total.isPresent() && avail.isPresent() && total.getAsLong() > 0) {
                double pct = 100.0 * avail.getAsLong() / total.getAsLong();
                Severity s = pct < t.availableCritical() ? Severity.CRITICAL : pct < t.availableWarning() ? Severity.WARNING : null;
                if (s != null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("metric", "MemAvailable");
                    m.put("available_kb", avail.getAsLong());
                    m.put("total_kb", total.getAsLong());
                    m.put("percent", round(pct));
                    m.put("warning_below_percent", t.availableWarning());
                    m.put("critical_below_percent", t.availableCritical());
                    mi.swapTotalKb().ifPresent(v -> m.put("swap_total_kb", v));
                    mi.swapUsedKb().ifPresent(v -> m.put("swap_used_kb", v));
                    m.put("severity", s.token());
                    out.add(new Level(s, Subject.of(Subject.Kind.METRIC, m), String.format(Locale.ROOT,
                            "MemAvailable %d kB is %.1f%% of MemTotal (%s below %.0f%%)", avail.getAsLong(), pct,
                            s.token(), s == Severity.CRITICAL ? t.availableCritical() : t.availableWarning())));
                }
            }
        });
        return out;
    }

    private static void stall(List<Level> out, String metric, double value, double warn, double crit, String words) {
        Severity s = value >= crit ? Severity.CRITICAL : value >= warn ? Severity.WARNING : null;
        if (s == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", "psi memory " + metric);
        m.put("value_percent", value);
        m.put("warning_percent", warn);
        m.put("critical_percent", crit);
        m.put("severity", s.token());
        out.add(new Level(s, Subject.of(Subject.Kind.METRIC, m), String.format(Locale.ROOT, "PSI memory %s %.2f%%: %s (%s at %.0f%%)",
                metric, value, words, s.token(), s == Severity.CRITICAL ? crit : warn)));
    }

    private Optional<Finding> pressure(Sample latest, Optional<Level> worst) {
        List<Level> levels = levels(latest);
        if (levels.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder summary = new StringBuilder("Memory is short: ");
        summary.append(String.join("; ", levels.stream().map(Level::phrase).toList()));
        if (!latest.memoryPressure().isPresent()) {
            summary.append(" (PSI ").append(latest.memoryPressure().describeAbsence()).append(")");
        }
        List<Evidence> ev = new ArrayList<>();
        latest.output().section("pressure-memory").filter(s -> s.status() == SourceStatus.OK)
                .ifPresent(s -> ev.add(new Evidence("pressure-memory", "/proc/pressure/memory", s.lines())));
        latest.output().section("meminfo").filter(s -> s.status() == SourceStatus.OK).ifPresent(s -> ev.add(
                new Evidence("meminfo", "/proc/meminfo (memory, swap, commit)", s.lines().stream()
                        .filter(l -> l.startsWith("MemTotal:") || l.startsWith("MemAvailable:") || l.startsWith("SwapTotal:")
                                || l.startsWith("SwapFree:") || l.startsWith("Committed_AS:") || l.startsWith("CommitLimit:"))
                        .toList())));
        return Optional.of(new Finding(PRESSURE, worst.orElseThrow().severity(), summary.toString(),
                levels.stream().map(Level::subject).toList(), ev, List.of()));
    }

    // ------------------------------------------------------------------ mem.oom.next-victim

    private Optional<Finding> nextVictim(Sample latest, MemorySnapshot memory, Optional<Level> shortage) {
        Optional<ProcessMemoryTable> table = memory.processes().get();
        if (table.isEmpty()) {
            return Optional.empty();
        }
        List<ProcessMemory> ranked = table.get().byOomScore();
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        boolean criticalHit = false;
        boolean urgent = shortage.map(l -> l.severity() != Severity.INFO).orElse(false);
        // the host's OOM killer
        ProcessMemory top = ranked.get(0);
        OptionalLong total = latest.memory().get().map(MemInfo::memTotalKb).orElse(OptionalLong.empty());
        Optional<String> why = reason(top, total);
        Optional<CgroupMemoryTable> cgroups = memory.cgroups().get();
        if (why.isPresent()) {
            criticalHit |= critical.contains(top.comm());
            subjects.add(subject(top, "host", total, OptionalLong.empty(), why.get(), cgroups));
        }
        // each memory cgroup near its limit has an OOM killer of its own
        if (cgroups.isPresent()) {
            Map<CgroupRef, CgroupMemoryTable.Binding> bindings = new LinkedHashMap<>();
            Map<CgroupRef, ProcessMemory> tops = new LinkedHashMap<>();
            for (ProcessMemory p : ranked) {
                if (p.cgroup().isEmpty()) {
                    continue;
                }
                Optional<CgroupMemoryTable.Binding> b = cgroups.get().binding(p.cgroup().get());
                if (b.isEmpty() || b.get().fill().orElse(0.0) < CGROUP_NEAR) {
                    continue;
                }
                bindings.putIfAbsent(b.get().at(), b.get());
                tops.putIfAbsent(b.get().at(), p);
            }
            for (Map.Entry<CgroupRef, ProcessMemory> e : tops.entrySet()) {
                CgroupMemoryTable.Binding b = bindings.get(e.getKey());
                ProcessMemory p = e.getValue();
                Optional<String> w = reason(p, OptionalLong.of(b.bytes() / 1024));
                if (w.isEmpty() || (p == top && why.isPresent())) {
                    continue;
                }
                criticalHit |= critical.contains(p.comm());
                urgent |= b.fill().orElse(0.0) >= 0.95;
                subjects.add(subject(p, "cgroup " + b.at(), OptionalLong.of(b.bytes() / 1024), b.usageBytes(), w.get()
                        + String.format(Locale.ROOT, "; its memory cgroup %s is at %.0f%% of its limit", b.at(), 100 * b.fill().get()),
                        cgroups));
                cgroups.get().get(b.at()).ifPresent(c -> ev.add(new Evidence(MemorySnapshot.CGROUPS,
                        "memory cgroup " + b.at() + ": limit and use", List.of(c.line()))));
            }
        }
        if (subjects.isEmpty()) {
            return Optional.empty();
        }
        List<String> rows = new ArrayList<>();
        rows.add(table.get().header());
        ranked.stream().limit(10).forEach(p -> rows.add(p.line()));
        ev.add(0, new Evidence(MemorySnapshot.PROCS, "the processes the OOM killer would take first (highest oom_score)", rows));
        Subject first = subjects.get(0);
        String summary = "The OOM killer would take " + first.get("comm") + " (pid " + first.get("pid") + ", oom_score "
                + first.get("oom_score") + ") next" + (first.get("scope").equals("host") ? "" : " in " + first.get("scope"))
                + ": " + first.get("reason") + (subjects.size() > 1 ? " (" + subjects.size() + " such processes)" : "");
        Severity severity = criticalHit ? (urgent ? Severity.CRITICAL : Severity.WARNING) : (urgent ? Severity.WARNING : Severity.INFO);
        return Optional.of(new Finding(NEXT_VICTIM, severity, summary, subjects, ev,
                List.of(FixOffer.of(MemoryFixPlans.PROTECT, "pid", first.get("pid").toString()))));
    }

    private Optional<String> reason(ProcessMemory p, OptionalLong limitKb) {
        List<String> why = new ArrayList<>();
        if (critical.contains(p.comm())) {
            why.add("it is marked critical");
        }
        if (p.rssKb().isPresent() && limitKb.isPresent() && limitKb.getAsLong() > 0
                && p.rssKb().getAsLong() >= thresholds.mostOfMemory() * limitKb.getAsLong()) {
            why.add(String.format(Locale.ROOT, "it holds %.0f%% of the memory (%d of %d kB)",
                    100.0 * p.rssKb().getAsLong() / limitKb.getAsLong(), p.rssKb().getAsLong(), limitKb.getAsLong()));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", why));
    }

    private Subject subject(ProcessMemory p, String scope, OptionalLong limitKb, OptionalLong usageBytes,
                                        String reason, Optional<CgroupMemoryTable> cgroups) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", p.pid());
        m.put("comm", p.comm());
        m.put("oom_score", p.oomScore().getAsInt());
        m.put("oom_score_adj", p.oomScoreAdj().isPresent() ? (Object) p.oomScoreAdj().getAsInt() : "unknown");
        m.put("rss_kb", known(p.rssKb()));
        m.put("swap_kb", known(p.swapKb()));
        m.put("uid", known(p.uid()));
        m.put("cgroup", p.cgroup().map(CgroupRef::toString).orElse("unknown"));
        m.put("unit", p.unit().orElse(""));
        m.put("scope", scope);
        m.put("limit_kb", limitKb.isPresent() ? (Object) limitKb.getAsLong() : "unknown");
        if (usageBytes.isPresent()) {
            m.put("usage_kb", usageBytes.getAsLong() / 1024);
        }
        m.put("critical", critical.contains(p.comm()));
        m.put("reason", reason);
        m.put("start", p.startTicks());
        return Subject.of(Subject.Kind.PROCESS, m);
    }

    // ------------------------------------------------------------------ host.rebooted

    private Optional<Finding> rebooted(Sample latest, MemorySnapshot memory, List<Sample> history, Instant now) {
        Instant windowStart = now.minus(window);
        Optional<Instant> oldest = history.stream().map(Sample::hostTime).min(Instant::compareTo);
        if (oldest.isPresent() && oldest.get().isBefore(windowStart)) {
            windowStart = oldest.get();
        }
        Optional<Instant> btime = latest.facts().get().flatMap(HostFacts::bootTime);
        // a boot seen during the session: an earlier sample had another boot time
        boolean observed = btime.isPresent() && history.stream().map(s -> s.facts().get().flatMap(HostFacts::bootTime))
                .flatMap(Optional::stream).anyMatch(b -> Duration.between(b, btime.get()).abs().getSeconds() > 60);
        List<Boot> boots = memory.boots().get().orElse(List.of());
        List<Subject> subjects = new ArrayList<>();
        boolean badEnd = false;
        boolean btimeCovered = false;
        for (int i = 0; i < boots.size(); i++) {
            Boot b = boots.get(i);
            Instant began = i == 0 && b.how() == Boot.End.RUNNING && btime.isPresent() ? btime.get() : b.start();
            if (began.isBefore(windowStart)) {
                continue;
            }
            Optional<Boot> prev = i + 1 < boots.size() ? Optional.of(boots.get(i + 1)) : Optional.empty();
            // the running boot: btime is when it really started (the journal's first entry can be later)
            boolean current = i == 0 && b.how() == Boot.End.RUNNING && btime.isPresent();
            btimeCovered |= current;
            Instant start = current ? btime.get() : b.start();
            badEnd |= prev.map(p -> p.how() == Boot.End.NO_SHUTDOWN_RECORD).orElse(false);
            subjects.add(bootSubject(start, Optional.of(b), prev, observed && i == 0));
        }
        if (!btimeCovered && btime.isPresent() && !btime.get().isBefore(windowStart)
                && (boots.isEmpty() || boots.get(0).how() != Boot.End.RUNNING)) {
            subjects.add(0, bootSubject(btime.get(), Optional.empty(), boots.isEmpty() ? Optional.empty() : Optional.of(boots.get(0)), observed));
        }
        if (subjects.isEmpty()) {
            return Optional.empty();
        }
        Subject first = subjects.get(0);
        String summary = "The host booted at " + WORDS.format(Instant.parse((String) first.get("boot_time")))
                + (observed ? ", during this session" : "") + "; the boot before ended "
                + (first.get("previous_boot_end").equals("unknown") ? "at an unknown time" : "at "
                + WORDS.format(Instant.parse((String) first.get("previous_boot_end"))))
                + " (" + first.get("previous_end") + ")" + (subjects.size() > 1 ? "; " + subjects.size() + " boots in the window" : "")
                + ". Processes not started at boot are gone.";
        List<Evidence> ev = new ArrayList<>();
        memory.boots().get().ifPresent(b -> ev.add(new Evidence(MemorySnapshot.BOOTS, "the host's boots, newest first",
                b.stream().map(Boot::line).toList())));
        List<String> facts = new ArrayList<>();
        latest.output().section("host").ifPresent(s -> s.lines().stream().filter(l -> l.startsWith("btime=")).forEach(facts::add));
        latest.output().section("uptime").filter(s -> s.status() == SourceStatus.OK).map(Section::lines).ifPresent(facts::addAll);
        if (!facts.isEmpty()) {
            ev.add(new Evidence("host", "boot time (btime of /proc/stat) and /proc/uptime", facts));
        }
        return Optional.of(new Finding(REBOOTED, observed || badEnd ? Severity.WARNING : Severity.INFO, summary, subjects, ev, List.of()));
    }

    private static Subject bootSubject(Instant start, Optional<Boot> boot, Optional<Boot> prev, boolean observed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boot_time", start.toString());
        m.put("boot_id", boot.flatMap(Boot::bootId).orElse("unknown"));
        m.put("kernel", boot.flatMap(Boot::kernel).orElse("unknown"));
        m.put("previous_boot_end", prev.flatMap(Boot::end).map(Instant::toString).orElse("unknown"));
        m.put("previous_end", prev.map(p -> p.how().phrase()).orElse("unknown"));
        m.put("observed", observed);
        return Subject.of(Subject.Kind.BOOT, m);
    }

    // ------------------------------------------------------------------ words

    private static Object known(OptionalLong v) {
        return v.isPresent() ? (Object) v.getAsLong() : "unknown";
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
