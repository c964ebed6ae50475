package io.bedside.model.disk;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one sample says about disks: the mounts, statfs of each local file system, and the
 * deleted files processes still hold open. Each source is a {@link Reading}; one the host did not
 * give is absent with its reason, never a zero.
 *
 * @param mounts  mountinfo (a light sample carries the last full sample's)
 * @param statfs  statfs records by mount id (read on every sample)
 * @param deleted the fds of deleted regular files (full samples)
 */
public record DiskSnapshot(Reading<List<Mount>> mounts, Reading<Map<Integer, FsStat>> statfs,
                           Reading<List<DeletedFile>> deleted) {

    public static final String MOUNTINFO = MountinfoParser.SOURCE;
    public static final String STATFS = StatfsParser.SOURCE;
    public static final String DELETED = DeletedFilesParser.SOURCE;
    public static final List<String> SECTIONS = List.of(MOUNTINFO, STATFS, DELETED);

    /**
     * File system types that hold no data of their own, or that are full by design (squashfs snaps,
     * iso9660): never statfs'ed, never reported. The probe's {@code case} lists the same
     * (DiskProbeTest holds them together).
     */
    public static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "devtmpfs", "mqueue",
            "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc",
            "nsfs", "rpc_pipefs", "efivarfs", "selinuxfs", "squashfs", "iso9660", "ramfs", "rootfs");
    /** Network and FUSE file systems: a hung server hangs statfs, so the probe does not ask (plus every {@code fuse.*}). */
    public static final Set<String> REMOTE = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "afs",
            "davfs", "lustre", "gpfs", "virtiofs", "fuse", "fuseblk", "sshfs");

    public static final SamplePart<DiskSnapshot> PART = SamplePart.of(DiskSnapshot.class, DiskSnapshot::from);

    public static DiskSnapshot of(Sample sample) {
        return sample.part(DiskSnapshot.class);
    }

    public static DiskSnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        Reading<List<Mount>> mounts = out.read(MOUNTINFO, problems, l -> MountinfoParser.parse(l, problems));
        Map<Integer, String> points = new HashMap<>();
        mounts.get().ifPresent(ms -> ms.forEach(m -> points.put(m.id(), m.mountPoint())));
        Reading<Map<Integer, FsStat>> statfs = mounts.isPresent()
                ? out.read(STATFS, problems, l -> StatfsParser.parse(l, points, problems))
                : Reading.absent(SourceStatus.ERROR, "statfs is matched to mountinfo, which was not read");
        Reading<List<DeletedFile>> deleted = out.read(DELETED, problems, l -> DeletedFilesParser.parse(l, problems));
        return new DiskSnapshot(mounts, statfs, deleted);
    }

    /** Whether {@code fstype} holds no data (never reported). */
    public static boolean pseudo(String fstype) {
        return PSEUDO.contains(fstype);
    }

    /** Whether {@code fstype} is one the probe leaves out of statfs (network, FUSE). */
    public static boolean remote(String fstype) {
        return REMOTE.contains(fstype) || fstype.startsWith("fuse.");
    }

    /**
     * The file systems that hold data, one per device, in mountinfo order: pseudo file systems,
     * mounts hidden under a later mount at the same place, and file systems of 0 blocks are left
     * out. Empty when mountinfo was not read.
     */
    public List<FileSystem> fileSystems() {
        if (mounts.get().isEmpty()) {
            return List.of();
        }
        List<Mount> all = mounts.get().orElseThrow();
        Map<String, Integer> lastAt = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            lastAt.put(all.get(i).mountPoint(), i);
        }
        Map<String, List<Mount>> byDevice = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Mount m = all.get(i);
            if (pseudo(m.fstype()) || lastAt.get(m.mountPoint()) != i) {
                continue;
            }
            byDevice.computeIfAbsent(m.device(), k -> new ArrayList<>()).add(m);
        }
        Map<Integer, FsStat> stats = statfs.get().orElse(Map.of());
        List<FileSystem> out = new ArrayList<>();
        for (List<Mount> ms : byDevice.values()) {
            Mount first = ms.get(0);
            Optional<FsStat> st = Optional.empty();
            for (Mount m : ms) {
                if (stats.containsKey(m.id())) {
                    st = Optional.of(stats.get(m.id()));
                    break;
                }
            }
            if (st.isPresent() && st.get().blocks() == 0) {
                continue;
            }
            Optional<String> skipped = remote(first.fstype())
                    ? Optional.of("a network or FUSE file system: statfs could hang the sample, so it is not read")
                    : Optional.empty();
            boolean ro = ms.stream().allMatch(Mount::readOnly);
            out.add(new FileSystem(ms, st, skipped, ro));
        }
        return out;
    }

    /** The file system a device (major:minor) is, if it is one of {@link #fileSystems()}. */
    public Optional<FileSystem> byDevice(String device) {
        return fileSystems().stream().filter(f -> f.device().equals(device)).findFirst();
    }

    /** The mount points of the pseudo file systems this sample saw (left out of every finding). */
    public Set<String> pseudoMounts() {
        Set<String> out = new HashSet<>();
        mounts.get().ifPresent(ms -> ms.stream().filter(m -> pseudo(m.fstype())).forEach(m -> out.add(m.mountPoint())));
        return out;
    }
}
