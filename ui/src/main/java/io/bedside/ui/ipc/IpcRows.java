package io.bedside.ui.ipc;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.host.HostFacts;
import io.bedside.model.ipc.IpcLimits;
import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.ipc.IpcTable;
import io.bedside.model.ipc.IpcUsage;
import io.bedside.model.ipc.IpcUsage.SemUse;
import io.bedside.model.ipc.IpcUsage.ShmUse;
import io.bedside.model.ipc.IpcUsage.Verdict;
import io.bedside.model.ipc.LivePids;
import io.bedside.model.ipc.MsgQueue;
import io.bedside.model.ipc.SemArray;
import io.bedside.model.ipc.SemLastOps;
import io.bedside.model.ipc.ShmAttachment;
import io.bedside.model.ipc.ShmAttachments;
import io.bedside.model.ipc.ShmSegment;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;
import io.bedside.ui.fx.Units;
import io.bedside.ui.overview.HostZone;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One sample's System V IPC as the IPC area shows it: the three tables as rows, the limit
 * gauges, the IPC findings and the chart values. Pure: no JavaFX, so it is built off the FX
 * thread, and a 32,000-row table costs the FX thread only the swap of the finished lists.
 *
 * @param sampledAt   when the sample was taken
 * @param zone        the host's time zone; every time in the rows is on its clock
 * @param sems        semaphore arrays, in the kernel's order
 * @param shms        shared memory segments
 * @param msgs        message queues
 * @param semAbsence  why the semaphore table is not known; empty when it is
 * @param shmAbsence  why the shared memory table is not known
 * @param msgAbsence  why the message queue table is not known
 * @param gauges      one per limit, in the order of {@link #GAUGES}
 * @param findings    the IPC findings, worst first
 * @param chartLabels the four charts' titles, with the limit when known
 */
public record IpcRows(Instant sampledAt, ZoneId zone, List<SemRow> sems, List<ShmRow> shms, List<MsgRow> msgs,
                      String semAbsence, String shmAbsence, String msgAbsence, List<Gauge> gauges,
                      List<FindingItem> findings, List<String> chartLabels) {

    /** The gauges, by limit, in the order they are shown. */
    public static final List<String> GAUGES = List.of("SEMMNI", "SEMMNS", "SEMMSL", "SEMOPM", "SHMMNI", "SHMALL", "MSGMNI");
    /** What each gauge counts. */
    static final Map<String, String> GAUGE_WHAT = Map.of(
            "SEMMNI", "Semaphore arrays", "SEMMNS", "Semaphores", "SEMMSL", "Semaphores per array",
            "SEMOPM", "Operations per semop call", "SHMMNI", "Shared memory segments", "SHMALL", "Shared memory pages",
            "MSGMNI", "Message queues");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    public IpcRows {
        sems = List.copyOf(sems);
        shms = List.copyOf(shms);
        msgs = List.copyOf(msgs);
        gauges = List.copyOf(gauges);
        findings = List.copyOf(findings);
        chartLabels = List.copyOf(chartLabels);
    }

    /**
     * @param latest       the sample to show
     * @param history      the samples before it (and it), oldest first, for the findings rules
     * @param fallbackZone the zone to use when the sample does not name the host's
     */
    public static IpcRows of(Sample latest, List<Sample> history, ZoneId fallbackZone) {
        ZoneId zone = latest.facts().get().flatMap(HostZone::of).orElse(fallbackZone);
        IpcSnapshot ipc = IpcSnapshot.of(latest);
        Map<Long, String> names = userNames(latest.facts().get());
        Optional<Named> live = ipc.livePids().get().map(l -> new Named(l, io.bedside.model.ipc.PidNames.of(latest, history)));
        String liveAbsence = ipc.livePids().isPresent() ? "" : "pids-alive " + ipc.livePids().describeAbsence();

        List<SemRow> sems = new ArrayList<>();
        for (SemUse u : IpcUsage.sems(ipc)) {
            sems.add(semRow(u, ipc.semLastOps(), live, liveAbsence, names, zone));
        }
        List<ShmRow> shms = new ArrayList<>();
        for (ShmUse u : IpcUsage.shms(ipc)) {
            shms.add(shmRow(u, ipc.shmAttachments(), live, names, zone));
        }
        List<MsgRow> msgs = new ArrayList<>();
        ipc.msgQueues().get().ifPresent(t -> t.rows().forEach(q -> msgs.add(msgRow(q, live, names, zone))));

        List<FindingItem> findings = new ArrayList<>();
        List<Sample> rulesHistory = history.isEmpty() ? List.of(latest) : history;
        for (Finding f : new Diagnosis(Playbooks.allRules()).run(latest, rulesHistory)) {
            if (f.id().startsWith("ipc.")) {
                findings.add(FindingItems.of(f));
            }
        }
        return new IpcRows(latest.sampledAt(), zone, sems, shms, msgs,
                absence("Semaphore arrays", IpcSnapshot.SEM, ipc.semArrays()),
                absence("Shared memory segments", IpcSnapshot.SHM, ipc.shmSegments()),
                absence("Message queues", IpcSnapshot.MSG, ipc.msgQueues()),
                gauges(ipc), findings, chartLabels(ipc));
    }

    // ------------------------------------------------------------------ rows

    private static SemRow semRow(SemUse u, Reading<List<SemLastOps>> opsReading, Optional<Named> live,
                                 String liveAbsence, Map<Long, String> names, ZoneId zone) {
        SemArray a = u.array();
        String pids;
        if (u.lastOps().isPresent()) {
            SemLastOps o = u.lastOps().get();
            pids = o.error().map(e -> "unreadable: " + e).orElseGet(() -> pidList(o.pids(), live, liveAbsence));
        } else if (!opsReading.isPresent()) {
            pids = "not read: sem-pids " + opsReading.describeAbsence();
        } else {
            pids = "not read (the array appeared after the probe read the pids)";
        }
        return new SemRow(a.semid(), a.keyHex(), a.uid(), owner(a.uid(), names), a.permsOctal(), a.nsems(),
                a.otime(), time(a.otime(), zone), a.ctime(), time(a.ctime(), zone), pids, verdict(u.verdict()),
                u.verdict() == Verdict.ORPHANED, u.reason(), a.line());
    }

    /** {@code 4711 alive x2, 0 (none)}: each distinct last-operation pid once, in semaphore order. */
    static String pidList(List<Integer> pids, Optional<Named> live, String liveAbsence) {
        if (pids.isEmpty()) {
            return "none";
        }
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        pids.forEach(p -> counts.merge(p, 1, Integer::sum));
        if (counts.size() == 1 && counts.containsKey(0)) {
            return "none ever (all 0)";
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((pid, n) -> {
            b.append(b.isEmpty() ? "" : ", ");
            b.append(pid == 0 ? "0 (none)" : pid(pid, live, liveAbsence, "0 (none)"));
            if (n > 1) {
                b.append(" x").append(n);
            }
        });
        return b.toString();
    }

    private static ShmRow shmRow(ShmUse u, Reading<ShmAttachments> attReading, Optional<Named> live,
                                 Map<Long, String> names, ZoneId zone) {
        ShmSegment s = u.segment();
        String liveAbsence = live.isPresent() ? "" : "liveness unknown";
        String attached;
        if (!u.attachments().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (ShmAttachment a : u.attachments()) {
                b.append(b.isEmpty() ? "" : ", ").append(a.comm()).append(" (pid ").append(a.pid()).append(')');
            }
            attached = b.toString();
        } else if (!attReading.isPresent()) {
            attached = s.nattch() == 0 ? "none" : "unknown: shm-attach " + attReading.describeAbsence();
        } else if (s.nattch() == 0) {
            attached = "none";
        } else {
            int unreadable = attReading.get().map(a -> a.unreadablePids().size()).orElse(0);
            attached = "not found in /proc/PID/maps" + (unreadable == 0 ? ""
                    : " (" + unreadable + " process" + (unreadable == 1 ? "'s" : "es'") + " maps unreadable)");
        }
        List<String> status = new ArrayList<>();
        if (s.markedForRemoval()) {
            status.add("dest");
        }
        if (s.locked()) {
            status.add("locked");
        }
        return new ShmRow(s.shmid(), s.keyHex(), s.uid(), owner(s.uid(), names), s.permsOctal(), s.size(),
                Units.bytes(s.size()), s.cpid(), pid(s.cpid(), live, liveAbsence, "unknown (0)"),
                s.lpid(), pid(s.lpid(), live, liveAbsence, "never"), s.nattch(), attached,
                s.atime(), time(s.atime(), zone), s.dtime(), time(s.dtime(), zone), s.ctime(), time(s.ctime(), zone),
                String.join(", ", status), verdict(u.verdict()), u.verdict() == Verdict.ORPHANED, u.reason(), s.line());
    }

    private static MsgRow msgRow(MsgQueue q, Optional<Named> live, Map<Long, String> names, ZoneId zone) {
        String liveAbsence = live.isPresent() ? "" : "liveness unknown";
        return new MsgRow(q.msqid(), q.keyHex(), q.uid(), owner(q.uid(), names), q.permsOctal(), q.cbytes(), q.qnum(),
                q.lspid(), pid(q.lspid(), live, liveAbsence, "never"), q.lrpid(), pid(q.lrpid(), live, liveAbsence, "never"),
                q.stime(), time(q.stime(), zone), q.rtime(), time(q.rtime(), zone), q.ctime(), time(q.ctime(), zone), q.line());
    }

    /**
     * A pid as the tables name it: {@code perl (pid 6411)} when it is alive and its name is known,
     * {@code pid 6408 (exited)} when it is not alive, {@code pid 6411 (alive)} when alive under a name
     * not known, and why when the live processes were not read.
     */
    private static String pid(int pid, Optional<Named> live, String liveAbsence, String whenZero) {
        if (pid == 0) {
            return whenZero;
        }
        if (live.isEmpty()) {
            return "pid " + pid + " (" + (liveAbsence.isEmpty() ? "liveness unknown" : liveAbsence) + ")";
        }
        if (!live.get().pids().alive(pid)) {
            return "pid " + pid + " (exited)";
        }
        String name = live.get().names().get(pid);
        return name == null ? "pid " + pid + " (alive)" : name + " (pid " + pid + ")";
    }

    /** The live processes with the names the sample gives them. */
    record Named(LivePids pids, Map<Integer, String> names) {
    }

    static String verdict(Verdict v) {
        return switch (v) {
            case IN_USE -> "in use";
            case ORPHANED -> "orphaned";
            case REMOVAL_PENDING -> "removal pending";
            case UNKNOWN -> "unknown";
        };
    }

    /** User names the sample tells: root, and the user the probe ran as. */
    static Map<Long, String> userNames(Optional<HostFacts> facts) {
        return HostFacts.userNames(facts);
    }

    static String owner(long uid, Map<Long, String> names) {
        return io.bedside.model.findings.Owner.of(uid, names).show();
    }

    static String time(long epochSeconds, ZoneId zone) {
        return epochSeconds == 0 ? "never" : TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    private static String absence(String what, String source, Reading<?> r) {
        return r.isPresent() ? "" : what + " could not be read: " + source + " " + r.describeAbsence() + ".";
    }

    // ------------------------------------------------------------------ gauges

    static List<Gauge> gauges(IpcSnapshot ipc) {
        Optional<IpcLimits> limits = ipc.limits().get();
        String limitsAbsence = limits.isPresent() ? "" : "Limits not known: " + IpcSnapshot.LIMITS + " " + ipc.limits().describeAbsence();
        Optional<IpcTable<SemArray>> sems = ipc.semArrays().get();
        Optional<IpcTable<ShmSegment>> shms = ipc.shmSegments().get();
        Optional<IpcTable<MsgQueue>> msgs = ipc.msgQueues().get();
        String semAbsence = "In use not known: " + IpcSnapshot.SEM + " " + ipc.semArrays().describeAbsence();
        String shmAbsence = "In use not known: " + IpcSnapshot.SHM + " " + ipc.shmSegments().describeAbsence();
        String msgAbsence = "In use not known: " + IpcSnapshot.MSG + " " + ipc.msgQueues().describeAbsence();

        OptionalLong arrays = sems.map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        OptionalLong semaphores = sems.map(t -> OptionalLong.of(t.rows().stream().mapToLong(SemArray::nsems).sum()))
                .orElse(OptionalLong.empty());
        OptionalLong largest = sems.map(t -> OptionalLong.of(t.rows().stream().mapToLong(SemArray::nsems).max().orElse(0)))
                .orElse(OptionalLong.empty());
        OptionalLong segments = shms.map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        OptionalLong queues = msgs.map(t -> OptionalLong.of(t.size())).orElse(OptionalLong.empty());
        OptionalLong page = limits.map(IpcLimits::pageSize).orElse(OptionalLong.empty());
        OptionalLong pages = shms.isPresent() && page.isPresent() && page.getAsLong() > 0
                ? OptionalLong.of(shms.get().rows().stream().mapToLong(s -> s.pages(page.getAsLong())).sum())
                : OptionalLong.empty();

        List<Gauge> out = new ArrayList<>();
        out.add(bar("SEMMNI", arrays, semAbsence, limits, IpcLimits::semmni, limitsAbsence, "kernel.sem", ""));
        out.add(bar("SEMMNS", semaphores, semAbsence, limits, IpcLimits::semmns, limitsAbsence, "kernel.sem", ""));
        out.add(value("SEMMSL", limits, IpcLimits::semmsl, limitsAbsence, "kernel.sem",
                v -> v + (largest.isPresent() ? " (largest array: " + largest.getAsLong() + ")" : "")));
        out.add(value("SEMOPM", limits, IpcLimits::semopm, limitsAbsence, "kernel.sem", v -> Long.toString(v)));
        out.add(bar("SHMMNI", segments, shmAbsence, limits, IpcLimits::shmmni, limitsAbsence, "kernel.shmmni", ""));
        String pagesAbsence = shms.isEmpty() ? shmAbsence
                : limits.isEmpty() ? limitsAbsence : "In use not known: the page size was not reported (SHMALL counts pages)";
        String bytes = page.isPresent() && pages.isPresent()
                ? pages.getAsLong() + " pages of " + page.getAsLong() + " bytes = " + Units.bytes(pages.getAsLong() * page.getAsLong())
                + " in all segments, each rounded up to whole pages\n" : "";
        out.add(bar("SHMALL", pages, pagesAbsence, limits, IpcLimits::shmall, limitsAbsence, "kernel.shmall", bytes));
        out.add(bar("MSGMNI", queues, msgAbsence, limits, IpcLimits::msgmni, limitsAbsence, "kernel.msgmni", ""));
        return out;
    }

    private static Gauge bar(String id, OptionalLong used, String usedAbsence, Optional<IpcLimits> limits,
                             Function<IpcLimits, OptionalLong> limit, String limitsAbsence, String kernelKey,
                             String detail) {
        String what = GAUGE_WHAT.get(id);
        if (limits.isEmpty()) {
            return new Gauge(id, what, Gauge.Level.ABSENT, 0, "", limitsAbsence, "");
        }
        String line = limits.get().line(kernelKey).orElse("");
        OptionalLong max = limit.apply(limits.get());
        if (max.isEmpty()) {
            return new Gauge(id, what, Gauge.Level.ABSENT, 0, "", id + " not reported (" + kernelKey + " was not read)", line);
        }
        if (used.isEmpty()) {
            return new Gauge(id, what, Gauge.Level.ABSENT, 0, "", usedAbsence, line);
        }
        long u = used.getAsLong();
        long m = max.getAsLong();
        double fraction = m <= 0 ? 1 : Math.min(1, (double) u / m);
        String limitText = m >= HUGE ? huge(rawValue(limits.get(), kernelKey)) : Long.toString(m);
        String pct = m <= 0 ? "" : " (" + Units.percent((double) u / m) + ")";
        return new Gauge(id, what, m <= 0 ? Gauge.Level.FULL : Gauge.level(u, m), fraction, u + " / " + limitText + pct, "",
                what + ": " + u + " in use of " + m + (m >= HUGE ? " (the kernel's default: no practical limit)" : "") + "\n"
                        + detail + line);
    }

    /** Limits from here on are shown in e-notation: the kernel's "unlimited" SHMALL and SHMMAX are 20 digits. */
    static final long HUGE = 1_000_000_000_000_000L;

    /** {@code 18446744073692774399} -> {@code 1.84e19}. */
    static String huge(String digits) {
        try {
            String e = String.format(Locale.ROOT, "%.2e", new java.math.BigDecimal(digits.trim()));
            return e.replace("e+", "e").replace("e0", "e");
        } catch (NumberFormatException ex) {
            return digits;
        }
    }

    /** The limit exactly as the host printed it (the kernel's "unlimited" 18446744073692774399 is held as Long.MAX_VALUE). */
    private static String rawValue(IpcLimits limits, String kernelKey) {
        return limits.line(kernelKey).map(l -> l.substring(l.indexOf('=') + 1).trim()).orElse(Long.toString(Long.MAX_VALUE));
    }

    private static Gauge value(String id, Optional<IpcLimits> limits, Function<IpcLimits, OptionalLong> limit,
                               String limitsAbsence, String kernelKey, Function<Long, String> text) {
        String what = GAUGE_WHAT.get(id);
        if (limits.isEmpty()) {
            return new Gauge(id, what, Gauge.Level.ABSENT, 0, "", limitsAbsence, "");
        }
        String line = limits.get().line(kernelKey).orElse("");
        OptionalLong v = limit.apply(limits.get());
        if (v.isEmpty()) {
            return new Gauge(id, what, Gauge.Level.ABSENT, 0, "", id + " not reported (" + kernelKey + " was not read)", line);
        }
        return new Gauge(id, what, Gauge.Level.VALUE, 0, text.apply(v.getAsLong()), "", what + ": " + v.getAsLong() + "\n" + line);
    }

    // ------------------------------------------------------------------ charts

    /** Each chart's title: what it counts and the limit, e.g. {@code Semaphore arrays in use (SEMMNI 32)}. */
    private static List<String> chartLabels(IpcSnapshot ipc) {
        Optional<IpcLimits> l = ipc.limits().get();
        return List.of(
                "Semaphore arrays in use" + limitSuffix(l, IpcLimits::semmni, "SEMMNI"),
                "Semaphores in use" + limitSuffix(l, IpcLimits::semmns, "SEMMNS"),
                "Shared memory segments in use" + limitSuffix(l, IpcLimits::shmmni, "SHMMNI"),
                "Message queues in use" + limitSuffix(l, IpcLimits::msgmni, "MSGMNI"));
    }

    private static String limitSuffix(Optional<IpcLimits> l, Function<IpcLimits, OptionalLong> f, String name) {
        OptionalLong v = l.map(f).orElse(OptionalLong.empty());
        return " (" + name + (v.isPresent() ? " " + v.getAsLong() : " not known") + ")";
    }
}
