package io.bedside.model.disk;

import io.bedside.model.findings.LastResult;
import io.bedside.model.findings.Severity;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.FdTarget;
import io.bedside.model.sockets.ProcessFdTable;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the disk rules share about one sample, worked out once: each file system with its use and
 * growth, and the deleted files held open on each.
 *
 * @param snapshot the disk part of the sample
 * @param states   the file systems statfs read, with their growth
 * @param held     every deleted file held open on a file system of {@code states}, largest first
 */
public record DiskAssessment(DiskSnapshot snapshot, List<FsState> states, List<HeldFile> held) {

    /** How far back growth is measured. */
    public static final Duration GROWTH_WINDOW = Duration.ofMinutes(10);
    /** The shortest span growth is measured over. */
    public static final Duration GROWTH_MIN_SPAN = Duration.ofSeconds(20);

    /**
     * One file system read by statfs.
     *
     * @param fs           the file system
     * @param stat         what statfs said
     * @param growthPerMin used bytes per minute over the growth window (negative: shrinking); empty without history
     * @param full         its disk.full severity, if any
     */
    public record FsState(FileSystem fs, FsStat stat, OptionalDouble growthPerMin, Optional<Severity> full) {
        /** Blocks available to users other than root, percent of the file system. */
        public double availPercent() {
            return stat.blocks() == 0 ? 0 : 100.0 * stat.bavail() / stat.blocks();
        }

        /** Minutes until nothing is available at the current growth; empty when not growing. */
        public OptionalDouble minutesToFull() {
            if (growthPerMin.isEmpty() || growthPerMin.getAsDouble() <= 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(stat.availBytes() / growthPerMin.getAsDouble());
        }
    }

    /** The deleted files held open on {@code fs}, largest first. */
    public List<HeldFile> heldOn(FileSystem fs) {
        return held.stream().filter(h -> h.fs().key().equals(fs.key())).toList();
    }

    /** The bytes the deleted files held open on {@code fs} take, each file (device and inode) once. */
    public long heldBytes(FileSystem fs) {
        Set<Long> seen = new HashSet<>();
        long sum = 0;
        for (HeldFile h : heldOn(fs)) {
            if (seen.add(h.file().inode())) {
                sum += h.file().heldBytes();
            }
        }
        return sum;
    }

    /** disk.full's severity for a stat, if any: available &lt; 5% warning, &lt; 1% or 0 critical. Read-only: none. */
    static Optional<Severity> fullSeverity(FileSystem fs, FsStat st) {
        if (fs.readOnly() || st.blocks() <= 0) {
            return Optional.empty();
        }
        double pct = 100.0 * st.bavail() / st.blocks();
        if (st.bavail() == 0 || pct < DiskRules.FULL_CRITICAL_PCT) {
            return Optional.of(Severity.CRITICAL);
        }
        if (pct < DiskRules.FULL_WARNING_PCT) {
            return Optional.of(Severity.WARNING);
        }
        return Optional.empty();
    }

    public static DiskAssessment of(Sample latest, List<Sample> history) {
        DiskSnapshot s = DiskSnapshot.of(latest);
        Instant at = time(latest);
        List<FsState> states = new ArrayList<>();
        Map<String, FileSystem> byDevice = new LinkedHashMap<>();
        for (FileSystem fs : s.fileSystems()) {
            byDevice.putIfAbsent(fs.device(), fs);
            if (fs.stat().isEmpty()) {
                continue;
            }
            FsStat st = fs.stat().get();
            states.add(new FsState(fs, st, growth(fs, st, at, history), fullSeverity(fs, st)));
        }
        List<HeldFile> held = new ArrayList<>();
        Optional<ProcessFdTable> fds = SocketSnapshot.of(latest).fds().get();
        Map<Integer, ProcessMemory> procs = new LinkedHashMap<>();
        MemorySnapshot.of(latest).processes().get().ifPresent(t -> t.processes().forEach(p -> procs.put(p.pid(), p)));
        for (DeletedFile d : s.deleted().get().orElse(List.of())) {
            FileSystem fs = byDevice.get(d.device());
            if (fs == null || d.links() != 0) {
                continue;
            }
            Optional<ProcessFds> pf = fds.flatMap(t -> t.process(d.pid()));
            String comm = pf.map(ProcessFds::comm).orElse("");
            String path = pf.flatMap(p -> p.fd(d.fd())).map(f -> f.target() instanceof FdTarget.Path p ? p.path() : "").orElse("");
            OptionalLong start = pf.map(ProcessFds::startTime).orElse(OptionalLong.empty());
            ProcessMemory pm = procs.get(d.pid());
            Optional<String> unit = pm == null ? Optional.empty() : pm.unit();
            held.add(new HeldFile(d, comm, path, start, unit, fs));
        }
        held.sort(Comparator.comparingLong((HeldFile h) -> -h.file().heldBytes()).thenComparingInt(h -> h.file().pid())
                .thenComparingInt(h -> h.file().fd()));
        return new DiskAssessment(s, List.copyOf(states), List.copyOf(held));
    }

    /** When statfs was really read for {@code s}: its own arrival, or that of the full sample a light one carries it from. */
    private static Instant time(Sample s) {
        Instant carried = s.output().carried().get(DiskSnapshot.STATFS);
        return carried != null ? carried : s.sampledAt();
    }

    /** Used bytes per minute against the oldest sample within the window that read the same file system. */
    static OptionalDouble growth(FileSystem fs, FsStat now, Instant at, List<Sample> history) {
        for (Sample h : history) {
            Instant t = time(h);
            if (t == null || at == null || t.isBefore(at.minus(GROWTH_WINDOW)) || Duration.between(t, at).compareTo(GROWTH_MIN_SPAN) < 0) {
                continue;
            }
            Optional<FsStat> then = DiskSnapshot.of(h).fileSystems().stream().filter(f -> f.key().equals(fs.key()))
                    .findFirst().flatMap(FileSystem::stat);
            if (then.isPresent() && then.get().bsize() == now.bsize() && then.get().blocks() == now.blocks()) {
                double minutes = Duration.between(t, at).toMillis() / 60000.0;
                return OptionalDouble.of((now.usedBytes() - (double) then.get().usedBytes()) / minutes);
            }
        }
        return OptionalDouble.empty();
    }

    /** One assessment per sample, shared by the rules {@link DiskRules#all()} makes together. */
    static final class Cache {
        private final LastResult<DiskAssessment> last = new LastResult<>();

        DiskAssessment of(Sample latest, List<Sample> history) {
            return last.get(() -> DiskAssessment.of(latest, history), latest, history.isEmpty() ? null : history.get(0));
        }
    }
}
