package io.bedside.model.ipc;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Subject;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.ipc.IpcUsage.SemUse;
import io.bedside.model.ipc.IpcUsage.ShmUse;
import io.bedside.model.ipc.IpcUsage.Verdict;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The IPC playbook's findings (issue 3). The ids are fixed: {@code diagnose --json} and the
 * window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #SEM_EXHAUSTED}</td><td>arrays &gt;= SEMMNI or semaphores &gt;= SEMMNS; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #SEM_ORPHANED}</td><td>arrays no live process has touched ({@link IpcUsage})</td><td>warning when semaphores are at &gt;= 90%, else info</td></tr>
 * <tr><td>{@value #SHM_EXHAUSTED}</td><td>segments &gt;= SHMMNI or pages &gt;= SHMALL; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #SHM_ORPHANED}</td><td>unattached segments whose creator and last user are dead</td><td>warning when shared memory is at &gt;= 90%, else info</td></tr>
 * <tr><td>{@value #MSG_EXHAUSTED}</td><td>queues &gt;= MSGMNI; &gt;= 90%</td><td>critical; warning</td></tr>
 * <tr><td>{@value #ORPHANS_UNKNOWN}</td><td>orphans cannot be told: sem-pids or pids-alive absent, or an object unreadable</td><td>info</td></tr>
 * <tr><td>{@value #LIMITS_UNKNOWN}</td><td>objects are listed but the limit to judge them by is not</td><td>info</td></tr>
 * </table>
 *
 * <p>A limit is "at 90%" when used &gt;= ceil(0.9 x max). Nothing is ever called orphaned without
 * both the last-operation pids and the list of live processes.
 */
public final class IpcRules implements Rule {
    /** Still one class for the whole playbook: it raises every id of {@link IpcPlaybook#findingIds()}. */
    @Override
    public String id() {
        return "ipc.*";
    }

    public static final String SEM_EXHAUSTED = "ipc.sem.exhausted";
    public static final String SEM_ORPHANED = "ipc.sem.orphaned";
    public static final String SHM_EXHAUSTED = "ipc.shm.exhausted";
    public static final String SHM_ORPHANED = "ipc.shm.orphaned";
    public static final String MSG_EXHAUSTED = "ipc.msg.exhausted";
    public static final String ORPHANS_UNKNOWN = "ipc.orphans.unknown";
    public static final String LIMITS_UNKNOWN = "ipc.limits.unknown";

    private final Map<Long, String> userNames;

    /** Owners shown by uid, and uid 0 as root. */
    public IpcRules() {
        this(Map.of());
    }

    /** @param userNames user names by uid, where known (uid 0 is always root) */
    public IpcRules(Map<Long, String> userNames) {
        Map<Long, String> names = new TreeMap<>(userNames);
        names.putIfAbsent(0L, "root");
        this.userNames = Collections.unmodifiableMap(names);
    }

    /** Evaluates the latest sample's IPC sources at the host's time. */
    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        return evaluate(IpcSnapshot.of(latest), latest.hostTime());
    }

    /**
     * @param ipc one sample's IPC sources
     * @param now the host's time of the sample (ages are counted from it)
     */
    public List<Finding> evaluate(IpcSnapshot ipc, Instant now) {
        List<Finding> out = new ArrayList<>();
        Optional<IpcLimits> limits = ipc.limits().get();
        List<String> unknownLimits = new ArrayList<>();

        List<SemUse> sems = IpcUsage.sems(ipc);
        List<SemUse> semOrphans = sems.stream().filter(u -> u.verdict() == Verdict.ORPHANED).toList();
        Optional<Finding> semExhausted = ipc.semArrays().get().flatMap(t -> semExhausted(t, limits, !semOrphans.isEmpty(), unknownLimits));
        semExhausted.ifPresent(out::add);
        if (!semOrphans.isEmpty()) {
            out.add(semOrphaned(ipc, semOrphans, semExhausted.isPresent(), now));
        }

        List<ShmUse> shms = IpcUsage.shms(ipc);
        List<ShmUse> shmOrphans = shms.stream().filter(u -> u.verdict() == Verdict.ORPHANED).toList();
        Optional<Finding> shmExhausted = ipc.shmSegments().get().flatMap(t -> shmExhausted(t, limits, !shmOrphans.isEmpty(), unknownLimits));
        shmExhausted.ifPresent(out::add);
        if (!shmOrphans.isEmpty()) {
            out.add(shmOrphaned(ipc, shmOrphans, shmExhausted.isPresent(), now));
        }

        ipc.msgQueues().get().flatMap(t -> msgExhausted(t, limits, unknownLimits)).ifPresent(out::add);
        orphansUnknown(ipc, sems, shms).ifPresent(out::add);
        limitsUnknown(ipc, unknownLimits).ifPresent(out::add);
        // the tables, limits and mappings are those of the probe's IPC namespace: every finding says so
        namespaceEvidence(ipc).ifPresent(scope -> out.replaceAll(f -> f.evidence().contains(scope) ? f
                : new Finding(f.id(), f.severity(), f.summary(), f.subjects(), append(f.evidence(), scope), f.fixes())));
        return out;
    }

    private static List<Evidence> append(List<Evidence> evidence, Evidence more) {
        List<Evidence> all = new ArrayList<>(evidence);
        all.add(more);
        return all;
    }

    // ------------------------------------------------------------------ exhaustion

    /** One limit and its use. */
    record Gauge(String limit, String what, long used, long max) {
        Optional<Severity> level() {
            if (used >= max) {
                return Optional.of(Severity.CRITICAL);
            }
            return used >= max - max / 10 ? Optional.of(Severity.WARNING) : Optional.empty();
        }

        String phrase() {
            boolean full = level().orElse(Severity.INFO) == Severity.CRITICAL;
            String pct = full ? "" : String.format(Locale.ROOT, " (%d%%)", (long) Math.floor(100.0 * used / max));
            return what + (full ? " exhausted: " : " nearly exhausted: ") + used + " of " + max + " (" + limit + ") in use" + pct;
        }

        Subject subject() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("limit", limit);
            m.put("used", used);
            m.put("max", max);
            m.put("severity", level().map(Severity::token).orElse("ok"));
            return Subject.of(Subject.Kind.LIMIT, m);
        }
    }

    private Optional<Finding> semExhausted(IpcTable<SemArray> t, Optional<IpcLimits> limits, boolean orphans,
                                           List<String> unknown) {
        List<Gauge> gauges = new ArrayList<>();
        long sems = t.rows().stream().mapToLong(SemArray::nsems).sum();
        gauge(gauges, unknown, limits, IpcLimits::semmni, "SEMMNI", "Semaphore arrays", t.size(), "kernel.sem");
        gauge(gauges, unknown, limits, IpcLimits::semmns, "SEMMNS", "Semaphores", sems, "kernel.sem");
        List<FixOffer> fixes = new ArrayList<>();
        if (orphans) {
            fixes.add(FixOffer.of(IpcFixPlans.SEM_REMOVE_ORPHANS));   // no semid=: every orphan, as the orphan finding lists them
        }
        if (limits.map(IpcLimits::hasSem).orElse(false)) {
            fixes.add(FixOffer.of(IpcFixPlans.SEM_RAISE_LIMIT));
        }
        return exhausted(SEM_EXHAUSTED, gauges, limitEvidence(limits, "kernel.sem", "kernel.sem: SEMMSL SEMMNS SEMOPM SEMMNI"),
                tableEvidence(IpcSnapshot.SEM, t, t.size() + " arrays holding " + sems + " semaphores", SemArray::line),
                fixes);
    }

    private Optional<Finding> shmExhausted(IpcTable<ShmSegment> t, Optional<IpcLimits> limits, boolean orphans,
                                           List<String> unknown) {
        List<Gauge> gauges = new ArrayList<>();
        gauge(gauges, unknown, limits, IpcLimits::shmmni, "SHMMNI", "Shared memory segments", t.size(), "kernel.shmmni");
        OptionalLong page = limits.map(IpcLimits::pageSize).orElse(OptionalLong.empty());
        if (page.isPresent() && page.getAsLong() > 0) {
            long pages = t.rows().stream().mapToLong(s -> s.pages(page.getAsLong())).sum();
            gauge(gauges, unknown, limits, IpcLimits::shmall, "SHMALL", "Shared memory pages", pages, "kernel.shmall");
        } else if (!t.rows().isEmpty()) {
            unknown.add("the page size (SHMALL is counted in pages)");
        }
        List<FixOffer> fixes = new ArrayList<>();
        if (orphans) {
            fixes.add(FixOffer.of(IpcFixPlans.SHM_REMOVE_ORPHANS));
        }
        if (limits.map(l -> l.shmmni().isPresent()).orElse(false)) {
            fixes.add(FixOffer.of(IpcFixPlans.SHM_RAISE_LIMIT));
        }
        List<Evidence> ev = new ArrayList<>();
        limits.ifPresent(l -> {
            List<String> lines = new ArrayList<>();
            l.line("kernel.shmmni").ifPresent(lines::add);
            l.line("kernel.shmall").ifPresent(lines::add);
            l.line("page_size").ifPresent(lines::add);
            ev.add(new Evidence(IpcSnapshot.LIMITS, "shared memory limits (SHMALL is in pages)", lines));
        });
        long bytes = t.rows().stream().mapToLong(ShmSegment::size).sum();
        return exhausted(SHM_EXHAUSTED, gauges, ev,
                tableEvidence(IpcSnapshot.SHM, t, t.size() + " segments, " + bytes + " bytes", ShmSegment::line), fixes);
    }

    private Optional<Finding> msgExhausted(IpcTable<MsgQueue> t, Optional<IpcLimits> limits, List<String> unknown) {
        List<Gauge> gauges = new ArrayList<>();
        gauge(gauges, unknown, limits, IpcLimits::msgmni, "MSGMNI", "Message queues", t.size(), "kernel.msgmni");
        return exhausted(MSG_EXHAUSTED, gauges, limitEvidence(limits, "kernel.msgmni", "kernel.msgmni: max queues"),
                tableEvidence(IpcSnapshot.MSG, t, t.size() + " queues", MsgQueue::line), List.of());
    }

    private static void gauge(List<Gauge> gauges, List<String> unknown, Optional<IpcLimits> limits,
                              java.util.function.Function<IpcLimits, OptionalLong> limit, String name, String what,
                              long used, String kernelKey) {
        OptionalLong max = limits.map(limit).orElse(OptionalLong.empty());
        if (max.isPresent()) {
            gauges.add(new Gauge(name, what, used, max.getAsLong()));
        } else if (used > 0) {
            unknown.add(name + " (" + kernelKey + ")");
        }
    }

    private static Optional<Finding> exhausted(String id, List<Gauge> gauges, List<Evidence> limitEvidence,
                                               Evidence table, List<FixOffer> fixes) {
        List<Gauge> hit = gauges.stream().filter(g -> g.level().isPresent())
                .sorted((a, b) -> b.level().get().compareTo(a.level().get())).toList();
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        Severity severity = hit.get(0).level().get();
        String summary = hit.stream().map(Gauge::phrase).collect(Collectors.joining("; "));
        List<Evidence> ev = new ArrayList<>(limitEvidence);
        ev.add(table);
        return Optional.of(new Finding(id, severity, summary, hit.stream().map(Gauge::subject).toList(), ev, fixes));
    }

    private static List<Evidence> limitEvidence(Optional<IpcLimits> limits, String name, String caption) {
        return limits.flatMap(l -> l.line(name)).map(line -> List.of(new Evidence(IpcSnapshot.LIMITS, caption, List.of(line))))
                .orElse(List.of());
    }

    private static <R> Evidence tableEvidence(String source, IpcTable<R> t, String caption,
                                              java.util.function.Function<R, String> line) {
        List<String> lines = new ArrayList<>(t.size() + 1);
        lines.add(t.header());
        t.rows().forEach(r -> lines.add(line.apply(r)));
        return new Evidence(source, caption, lines);
    }

    // ------------------------------------------------------------------ orphans

    private Finding semOrphaned(IpcSnapshot ipc, List<SemUse> orphans, boolean nearLimit, Instant now) {
        List<Subject> subjects = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> pidLines = new ArrayList<>();
        ipc.semArrays().get().ifPresent(t -> rows.add(t.header()));
        long sems = 0;
        for (SemUse u : orphans) {
            SemArray a = u.array();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("semid", a.semid());
            m.put("key", a.keyHex());
            m.put("owner", owner(a.uid()));
            m.put("uid", a.uid());
            m.put("nsems", a.nsems());
            m.put("age", now.getEpochSecond() - a.ctime());
            m.put("ctime", a.ctime());
            m.put("otime", a.otime());
            m.put("pids", u.lastOps().map(o -> o.pids().stream().map(String::valueOf).collect(Collectors.joining(","))).orElse(""));
            m.put("reason", u.reason());
            subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
            rows.add(a.line());
            u.lastOps().ifPresent(o -> pidLines.add(o.line()));
            sems += a.nsems();
        }
        String summary = count(orphans.size(), "orphaned semaphore array", "orphaned semaphore arrays")
                + " (" + count(sems, "semaphore", "semaphores") + "): no live process has operated on "
                + (orphans.size() == 1 ? "it" : "them") + "; owners " + owners(orphans.stream().map(u -> u.array().uid()).toList());
        List<Evidence> ev = List.of(
                new Evidence(IpcSnapshot.SEM, "the orphaned arrays", rows),
                new Evidence(IpcSnapshot.SEM_PIDS, "the pid of the last operation on each of their semaphores", pidLines),
                new Evidence(IpcSnapshot.PIDS_ALIVE, "the live processes: none of those pids is among them",
                        ipc.livePids().get().map(LivePids::lines).orElse(List.of())));
        return new Finding(SEM_ORPHANED, nearLimit ? Severity.WARNING : Severity.INFO, summary, subjects, ev,
                List.of(FixOffer.of(IpcFixPlans.SEM_REMOVE_ORPHANS, "semid",
                        orphans.stream().map(u -> Integer.toString(u.array().semid())).collect(Collectors.joining(",")))));
    }

    private Finding shmOrphaned(IpcSnapshot ipc, List<ShmUse> orphans, boolean nearLimit, Instant now) {
        List<Subject> subjects = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        ipc.shmSegments().get().ifPresent(t -> rows.add(t.header()));
        long bytes = 0;
        for (ShmUse u : orphans) {
            ShmSegment s = u.segment();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shmid", s.shmid());
            m.put("key", s.keyHex());
            m.put("owner", owner(s.uid()));
            m.put("uid", s.uid());
            m.put("bytes", s.size());
            m.put("cpid", s.cpid());
            m.put("lpid", s.lpid());
            m.put("nattch", s.nattch());
            m.put("age", now.getEpochSecond() - s.ctime());
            m.put("ctime", s.ctime());
            m.put("reason", u.reason());
            subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
            rows.add(s.line());
            bytes += s.size();
        }
        String summary = count(orphans.size(), "orphaned shared memory segment", "orphaned shared memory segments")
                + " (" + bytes + " bytes): nothing attached, creator and last user dead; owners "
                + owners(orphans.stream().map(u -> u.segment().uid()).toList());
        List<Evidence> ev = new ArrayList<>(List.of(
                new Evidence(IpcSnapshot.SHM, "the orphaned segments (nattch, cpid, lpid, perms)", rows),
                new Evidence(IpcSnapshot.PIDS_ALIVE, "the live processes: none of their cpid and lpid is among them",
                        ipc.livePids().get().map(LivePids::lines).orElse(List.of()))));
        namespaceEvidence(ipc).ifPresent(ev::add);
        return new Finding(SHM_ORPHANED, nearLimit ? Severity.WARNING : Severity.INFO, summary, subjects, ev,
                List.of(FixOffer.of(IpcFixPlans.SHM_REMOVE_ORPHANS, "shmid",
                        orphans.stream().map(u -> Integer.toString(u.segment().shmid())).collect(Collectors.joining(",")))));
    }

    /**
     * Which IPC namespace the segments and mappings cover: the probe's own. Mappings of processes
     * in other namespaces (containers) are listed apart, as not counted: their ids are theirs.
     */
    static Optional<Evidence> namespaceEvidence(IpcSnapshot ipc) {
        return ipc.shmAttachments().get().filter(a -> a.namespace().isPresent() || !a.elsewhere().isEmpty())
                .map(a -> new Evidence(IpcSnapshot.SHM_ATTACH, "covers " + a.namespaceText() + "; "
                        + (a.elsewhere().isEmpty() ? "no process of another IPC namespace maps a System V segment"
                        : a.elsewhere().size() + " mapping(s) of processes in other IPC namespaces not counted"),
                        a.elsewhere().stream().map(ShmAttachment::line).toList()));
    }

    private Optional<Finding> orphansUnknown(IpcSnapshot ipc, List<SemUse> sems, List<ShmUse> shms) {
        List<Subject> subjects = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        boolean semsListed = !sems.isEmpty();
        boolean shmsListed = !shms.isEmpty();
        // a whole source missing: one subject per source, naming what it blinds
        boolean semBlind = false;
        if (semsListed && !ipc.semLastOps().isPresent()) {
            missingSource(IpcSnapshot.SEM_PIDS, ipc.semLastOps(), "semaphore arrays", sems.size(), subjects, ev, phrases);
            semBlind = true;
        }
        if ((semsListed || shmsListed) && !ipc.livePids().isPresent()) {
            String what = semsListed && shmsListed ? "semaphore arrays and shared memory segments"
                    : semsListed ? "semaphore arrays" : "shared memory segments";
            missingSource(IpcSnapshot.PIDS_ALIVE, ipc.livePids(), what, sems.size() + shms.size(), subjects, ev, phrases);
            semBlind = true;
        }
        // single objects that could not be judged
        List<String> errorLines = new ArrayList<>();
        int semUnknown = 0;
        if (!semBlind) {
            for (SemUse u : sems) {
                if (u.verdict() == Verdict.UNKNOWN) {
                    semUnknown++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("semid", u.array().semid());
                    m.put("key", u.array().keyHex());
                    m.put("owner", owner(u.array().uid()));
                    m.put("uid", u.array().uid());
                    m.put("reason", u.reason());
                    subjects.add(Subject.of(Subject.Kind.IPC_OBJECT, m));
                    u.lastOps().ifPresent(o -> errorLines.add(o.line()));
                }
            }
        }
        if (semUnknown > 0) {
            phrases.add(count(semUnknown, "semaphore array", "semaphore arrays") + " could not be checked ("
                    + sems.stream().filter(u -> u.verdict() == Verdict.UNKNOWN).findFirst().orElseThrow().reason() + ")");
            ev.add(new Evidence(IpcSnapshot.SEM_PIDS, "arrays whose last-operation pids could not be read", errorLines));
        }
        if (phrases.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(ORPHANS_UNKNOWN, Severity.INFO,
                "Orphaned IPC objects cannot be told: " + String.join("; ", phrases), subjects, ev, List.of()));
    }

    private static void missingSource(String source, Reading<?> r, String what, int objects,
                                      List<Subject> subjects, List<Evidence> ev, List<String> phrases) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("status", ((Reading.Absent<?>) r).status().token());
        m.put("reason", r.describeAbsence());
        m.put("affects", what);
        m.put("objects", objects);
        subjects.add(Subject.of(Subject.Kind.SOURCE, m));
        ev.add(new Evidence(source, source + " " + r.describeAbsence(), List.of()));
        phrases.add(source + " " + r.describeAbsence() + ", so " + objects + " " + what + " were not checked");
    }

    private Optional<Finding> limitsUnknown(IpcSnapshot ipc, List<String> unknown) {
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        String why = ipc.limits().isPresent() ? "not reported: " + String.join(", ", unknown)
                : IpcSnapshot.LIMITS + " " + ipc.limits().describeAbsence();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", IpcSnapshot.LIMITS);
        m.put("reason", why);
        m.put("limits", String.join(", ", unknown));
        return Optional.of(new Finding(LIMITS_UNKNOWN, Severity.INFO,
                "IPC limits unknown (" + why + "): exhaustion cannot be judged", List.of(Subject.of(Subject.Kind.SOURCE, m)),
                List.of(new Evidence(IpcSnapshot.LIMITS, why,
                        ipc.limits().get().map(l -> List.copyOf(l.lines().values())).orElse(List.of()))),
                List.of()));
    }

    // ------------------------------------------------------------------ words

    /** The owner of {@code uid}, named where the sample names it. */
    Owner owner(long uid) {
        return Owner.of(uid, userNames);
    }

    private String owners(List<Long> uids) {
        Map<Long, Long> counts = new TreeMap<>();
        uids.forEach(u -> counts.merge(u, 1L, Long::sum));
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> owner(e.getKey()) + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
