package io.bedside.model.memory;

import io.bedside.model.probe.WireText;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything one sample says about memory beyond /proc/meminfo and /proc/pressure/memory (which
 * the sample already has): who holds memory and how the OOM killer ranks them, their cgroups'
 * limits, whom the OOM killer took, and the boots. Each source is a {@link Reading}: a source the
 * host did not give is absent with its reason.
 *
 * @param oomKills   /proc/vmstat oom_kill: kills since boot
 * @param processes  every process (not kernel threads) with RSS, swap, oom_score, oom_score_adj, cgroup
 * @param cgroups    the memory limits and use of their cgroups and ancestors
 * @param kernelLog  the OOM lines of the kernel log read by this sample (all of it on the first
 *                   sample, only what is new afterwards: see {@link KernelLog#source()})
 * @param boots      the host's boots, newest first
 * @param bootTime   when the host booted (btime of /proc/stat), when the host section said
 */
public record MemorySnapshot(Reading<Long> oomKills, Reading<ProcessMemoryTable> processes,
                             Reading<CgroupMemoryTable> cgroups, Reading<KernelLog> kernelLog,
                             Reading<List<Boot>> boots, Optional<Instant> bootTime) {

    public static final String VMSTAT = VmstatOomParser.SOURCE;
    public static final String PROCS = ProcessMemoryParser.SOURCE;
    public static final String CGROUPS = CgroupMemoryParser.SOURCE;
    public static final String KERNEL_LOG = KernelLogParser.SOURCE;
    public static final String BOOTS = BootParser.SOURCE;
    /** The shell variable that gives a light probe the OOM kill count of the sample before it. */
    public static final String OOM_KILLS = "BS_OOMKILLS";
    /**
     * The shell variable that gives the probe the boot time (btime, seconds) of the sample before it,
     * when that sample had the boots: a full sample of the same boot carries them instead of asking
     * journalctl or last again (the list changes only with a boot).
     */
    public static final String BOOTS_BTIME = "BS_BOOTS_BTIME";
    /** What a kernel-log section that no source could give says: a light sample carries it while no OOM kill is counted. */
    private static final java.util.Set<SourceStatus> UNREAD_STATUSES = java.util.EnumSet.of(SourceStatus.NEEDS_ROOT,
            SourceStatus.UNREADABLE, SourceStatus.MISSING);
    /** The probe sections this snapshot reads, in the order the probe prints them. */
    public static final List<String> SECTIONS = List.of(VMSTAT, PROCS, CGROUPS, KERNEL_LOG, BOOTS);


    /** This part of a sample, as the registry reads it: the sample holds it by type. */
    public static final SamplePart<MemorySnapshot> PART = new SamplePart<>() {
        @Override
        public Class<MemorySnapshot> type() {
            return MemorySnapshot.class;
        }

        @Override
        public MemorySnapshot read(ProbeOutput out, List<ParseProblem> problems) {
            return from(out, problems);
        }

        /**
         * The kernel log's cursor: the next run reads only the lines after it. A sample whose
         * kernel-log section is absent keeps the cursor before it; before the first, none (read it all).
         * With a cursor, the OOM kill count this sample read ({@value #OOM_KILLS}): a light sample
         * whose host counts the same leaves the log for the next full one. Without both, the log is read.
         * Then the boot time of a sample that had the boots ({@value #BOOTS_BTIME}).
         */
        @Override
        public String prelude(MemorySnapshot latest, String previous) {
            Optional<KernelLogCursor> cursor = latest == null ? Optional.empty()
                    : latest.kernelLog().get().flatMap(KernelLog::source).flatMap(KernelLogSource::cursor)
                    .flatMap(c -> KernelLogCursor.of(c.value()));
            // the boots, read (or carried) with this boot time: a full sample of the same boot carries them
            String boots = latest != null && listed(latest.boots()) && latest.bootTime().isPresent()
                    ? BOOTS_BTIME + "=" + latest.bootTime().get().getEpochSecond() + "\n" : "";
            if (cursor.isPresent()) {
                return cursor.get().assignment() + "\n"
                        + latest.oomKills().get().filter(n -> n >= 0).map(n -> OOM_KILLS + "=" + n + "\n").orElse("") + boots;
            }
            // a log this user cannot read, or none: a light sample with the same count carries this
            // reading instead of trying every source again (the groups, dmesg, the files: a few
            // processes each time); a full sample tries them all
            Optional<Long> kills = latest == null ? Optional.empty() : latest.oomKills().get().filter(n -> n >= 0);
            if (kills.isPresent() && latest.kernelLog() instanceof Reading.Absent<KernelLog> a && UNREAD_STATUSES.contains(a.status())) {
                return KernelLogCursor.unread().assignment() + "\n" + OOM_KILLS + "=" + kills.get() + "\n" + boots;
            }
            // this sample did not read the log: the cursor before (none before the first), and no
            // count, so the next run reads it
            String before = previous.lines().filter(l -> l.startsWith(KernelLogCursor.VARIABLE + "=")).findFirst()
                    .orElse(KernelLogCursor.noCursor());
            return before + "\n" + boots;
        }

        /** The processes whose command lines the next full run need not read again ({@link ProcWalk}). */
        @Override
        public String fullRunPrelude(MemorySnapshot latest) {
            return latest == null ? "" : ProcWalk.prelude(latest.processes());
        }

        @Override
        public ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
            return ProcWalk.complete(now, previous);
        }

        /** The boots listed again and every command line read (the kernel log is read from the cursor either way). */
        @Override
        public String standAlone() {
            return BOOTS_BTIME + "=\n" + ProcWalk.READ_ALL;
        }
    };

    /** The boots were listed (or the host has none to list): what a full sample of the same boot would read again. */
    private static boolean listed(Reading<List<Boot>> boots) {
        return boots.isPresent() || boots instanceof Reading.Absent<List<Boot>> a && a.status() == SourceStatus.MISSING;
    }

    /** The memory part of {@code sample}. */
    public static MemorySnapshot of(Sample sample) {
        return sample.part(MemorySnapshot.class);
    }

    /**
     * Reads the memory sections of one probe output; problems go to {@code problems}. A process
     * table the output was cut short inside is not used: whoever was cut off could be the next victim.
     */
    public static MemorySnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        LogClock clock = clock(out);
        Reading<ProcessMemoryTable> procs = !out.complete() && isLast(out, PROCS)
                ? Reading.absent(SourceStatus.NOT_RECEIVED, PROCS + " was cut short; a partial process list is not used")
                : out.read(PROCS, problems, l -> ProcessMemoryParser.parse(l, problems));
        return new MemorySnapshot(
                out.read(VMSTAT, problems, l -> VmstatOomParser.parse(l, problems)),
                procs,
                withDetail(out, CGROUPS, problems, (l, d) -> CgroupMemoryParser.parse(l, d, problems)),
                kernelLog(out, clock, problems),
                out.read(BOOTS, problems, l -> BootParser.parse(l, clock.zone(), problems)),
                clock.bootTime());
    }

    /** Only the kernel-log section (for earlier samples, whose kills a rule gathers). */
    public static Reading<KernelLog> kernelLog(ProbeOutput out, List<ParseProblem> problems) {
        return kernelLog(out, clock(out), problems);
    }

    private static Reading<KernelLog> kernelLog(ProbeOutput out, LogClock clock, List<ParseProblem> problems) {
        // each line is escaped host text (a process name in a kill line may hold any byte)
        return withDetail(out, KERNEL_LOG, problems, (l, d) -> KernelLogParser.parse(
                        l.stream().map(WireText::decode).toList(), clock, problems)
                .map(k -> k.withSource(KernelLogSource.parse(d))));
    }

    /**
     * The clock for this output's log stamps: boot time from the host section's {@code btime},
     * the zone from {@code timezone_name} / {@code timezone_link} or the offset in {@code timezone}
     * (UTC when none), now from the header's {@code epoch_ns}.
     */
    public static LogClock clock(ProbeOutput out) {
        Optional<Instant> boot = Optional.empty();
        ZoneId zone = null;
        ZoneId offset = null;
        for (String line : out.hostLines()) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).trim();
            try {
                switch (k) {
                    case "btime" -> boot = Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
                    case "timezone_name" -> zone = zone == null ? ZoneId.of(v) : zone;
                    case "timezone_link" -> {
                        int i = v.indexOf("zoneinfo/");
                        if (i >= 0 && zone == null) {
                            zone = ZoneId.of(v.substring(i + "zoneinfo/".length()));
                        }
                    }
                    case "timezone" -> {
                        // "CET+0100": the offset at the time of the sample
                        if (v.length() >= 5) {
                            String o = v.substring(v.length() - 5);
                            offset = ZoneOffset.of(o.substring(0, 3) + ":" + o.substring(3));
                        }
                    }
                    default -> {
                    }
                }
            } catch (NumberFormatException | DateTimeException e) {
                // an unknown zone name or a bad btime: the stamps that need it stay unplaced
            }
        }
        Optional<Instant> now = out.hostEpochNanos().isPresent()
                ? Optional.of(Instant.ofEpochSecond(0, out.hostEpochNanos().getAsLong())) : Optional.empty();
        ZoneId z = zone != null ? zone : offset != null ? offset : ZoneOffset.UTC;
        return new LogClock(boot, z, now);
    }

    private static <T> Reading<T> withDetail(ProbeOutput out, String name, List<ParseProblem> problems,
                                             java.util.function.BiFunction<List<String>, String, Optional<T>> parser) {
        String detail = out.section(name).map(Section::detail).orElse("");
        Function<List<String>, Optional<T>> f = l -> parser.apply(l, detail);
        return out.read(name, problems, f);
    }

    private static boolean isLast(ProbeOutput out, String name) {
        String last = null;
        for (String n : out.sections().keySet()) {
            last = n;
        }
        return name.equals(last);
    }
}
