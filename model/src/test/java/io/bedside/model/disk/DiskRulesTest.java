package io.bedside.model.disk;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    static Sample sample(DiskProbeText t, Instant at) {
        return Playbooks.parser().parse("test", at, t.at(at).text(), 5);
    }

    static List<Finding> run(Sample s, List<Sample> history) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : DiskRules.all()) {
            out.addAll(r.evaluate(s, history));
        }
        return out;
    }

    static List<Finding> ofId(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).toList();
    }

    /** A host whose root is fine and whose /var/log tmpfs has {@code availBlocks} of 1000 left. */
    static DiskProbeText host(long availBlocks) {
        return new DiskProbeText()
                .mount(21, "0:20", "/proc", "proc", "proc", "rw", 4096, 0, 0, 0, 0, 0)
                .mount(22, "0:21", "/sys/fs/cgroup", "cgroup2", "cgroup2", "rw", 4096, 0, 0, 0, 0, 0)
                .mount(23, "7:1", "/snap/core/9804", "squashfs", "/dev/loop1", "ro,nodev", 4096, 100, 0, 0, 10, 0)
                .mount(45, "254:0", "/", "ext4", "/dev/vda", "rw,relatime", 4096, 1_000_000, 600_000, 550_000, 65536, 60000)
                .mount(65, "254:0", "/run/netns", "ext4", "/dev/vda", "rw,relatime", 0, 0, 0, 0, 0, 0)
                .mount(70, "0:42", "/var/log", "tmpfs", "tmpfs", "rw", 4096, 1000, availBlocks, availBlocks, 1000, 900);
    }

    @Test
    void thresholdsOfAFullFileSystem() {
        assertTrue(ofId(run(sample(host(60), T0), List.of()), DiskRules.FULL).isEmpty(), "6% available: fine");
        List<Finding> warn = ofId(run(sample(host(40), T0), List.of()), DiskRules.FULL);
        assertEquals(1, warn.size());
        assertEquals(Severity.WARNING, warn.get(0).severity());
        Map<String, Object> f = warn.get(0).subjects().get(0);
        assertEquals("/var/log", f.get("mount"));
        assertEquals("tmpfs", f.get("fstype"));
        assertEquals("tmpfs", f.get("device"));
        assertEquals(4096L * 1000, f.get("size_bytes"));
        assertEquals(4096L * 40, f.get("avail_bytes"));
        assertEquals(96, f.get("used_pct"));
        assertEquals(Severity.CRITICAL, ofId(run(sample(host(9), T0), List.of()), DiskRules.FULL).get(0).severity(), "0.9%");
        assertEquals(Severity.CRITICAL, ofId(run(sample(host(0), T0), List.of()), DiskRules.FULL).get(0).severity());
    }

    @Test
    void pseudoReadOnlyAndBindMountsAreNeverReportedAsFull() {
        // the squashfs snap is 100% full with 0 available, proc and cgroup have 0 blocks
        List<Finding> all = run(sample(host(60), T0), List.of());
        assertEquals(List.of(), all, all.toString());
        DiskSnapshot s = DiskSnapshot.of(sample(host(60), T0));
        assertEquals(List.of("/", "/var/log"), s.fileSystems().stream().map(FileSystem::mountPoint).toList(),
                "one per device: /run/netns is the root's disk; squashfs, proc and cgroup2 are left out");
        assertEquals(List.of("/run/netns"), s.fileSystems().get(0).mounts().stream().skip(1).map(Mount::mountPoint).toList());
        // a read-only ext4 that is full: nothing to report
        DiskProbeText ro = new DiskProbeText().mount(50, "8:1", "/mnt/iso", "ext4", "/dev/sdb1", "ro,relatime", 4096, 100, 0, 0, 10, 0);
        assertEquals(List.of(), run(sample(ro, T0), List.of()));
    }

    @Test
    void aMountHiddenUnderAnotherAtTheSamePlaceIsLeftOut() {
        // stacked /dev/shm as on the build machine: stat of the path answers for the top one
        DiskProbeText t = new DiskProbeText()
                .mount(61, "0:22", "/dev/shm", "tmpfs", "tmpfs", "rw", 4096, 100, 0, 0, 100, 0)
                .mount(62, "0:26", "/dev/shm", "tmpfs", "tmpfs", "rw", 4096, 100, 100, 100, 100, 100);
        DiskSnapshot s = DiskSnapshot.of(sample(t, T0));
        assertEquals(List.of("0:26"), s.fileSystems().stream().map(FileSystem::device).toList());
        assertEquals(List.of(), run(sample(t, T0), List.of()));
    }

    @Test
    void inodeThresholds() {
        DiskProbeText t = new DiskProbeText()
                .mount(70, "0:42", "/srv/spool", "tmpfs", "tmpfs", "rw", 4096, 1000, 900, 900, 1000, 101)
                .mount(71, "0:43", "/srv/cache", "tmpfs", "tmpfs", "rw", 4096, 1000, 900, 900, 1000, 99)
                .mount(72, "0:44", "/srv/mail", "tmpfs", "tmpfs", "rw", 4096, 1000, 900, 900, 1000, 9)
                .mount(73, "0:45", "/srv/btrfs", "btrfs", "/dev/sdc", "rw", 4096, 1000, 900, 900, 0, 0);
        List<Finding> f = ofId(run(sample(t, T0), List.of()), DiskRules.INODES);
        assertEquals(List.of("/srv/cache", "/srv/mail"), f.stream().map(x -> x.subjects().get(0).get("mount")).toList());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertEquals(Severity.CRITICAL, f.get(1).severity());
        assertEquals(1000L, f.get(1).subjects().get(0).get("inodes"));
        assertEquals(9L, f.get(1).subjects().get(0).get("inodes_free"));
        assertEquals(100, f.get(1).subjects().get(0).get("used_pct"));
    }

    @Test
    void deletedFilesHoldingSpaceAreFoundPerFileSystemAndOfferATruncate() {
        // 2,000 of 4,000 blocks of /var/log held by a deleted log of "java app" (pid 300) and, the same inode, its child
        DiskProbeText t = new DiskProbeText()
                .mount(45, "254:0", "/", "ext4", "/dev/vda", "rw", 4096, 1_000_000, 600_000, 550_000, 65536, 60000)
                .mount(70, "0:42", "/var/log", "tmpfs", "tmpfs", "rw", 4096, 4000, 100, 100, 1000, 900)
                .deletedFd(300, "java\\x20app", 5, "/var/log/app\\x1b[31m.log", 8_000_000, 16_000, 77, 42)
                .deletedFd(301, "java-child", 5, "/var/log/app.log", 8_000_000, 16_000, 77, 42)
                .deletedFd(302, "tiny", 3, "/var/log/x.log", 100, 8, 78, 42)
                .deletedFd(303, "onroot", 4, "/tmp/y", 4096, 8, 79, 65024);
        Sample s = sample(t, T0);
        List<Finding> all = run(s, List.of());
        List<Finding> d = ofId(all, DiskRules.DELETED_OPEN);
        assertEquals(1, d.size(), all.toString());
        Finding f = d.get(0);
        assertEquals(Severity.WARNING, f.severity(), "/var/log has 2.5% available: as its disk.full, a warning");
        assertEquals(3, f.subjects().size());
        Map<String, Object> top = f.subjects().get(0);
        assertEquals(300, top.get("pid"));
        assertEquals("java app", top.get("comm"));
        assertEquals("/var/log/app\u001b[31m.log", top.get("path"), "decoded; every medium escapes it when shown");
        assertEquals(8_000_000L, top.get("size_bytes"));
        assertEquals("/var/log", top.get("mount"));
        assertEquals(5, top.get("fd"));
        assertEquals(FixOffer.of(DiskFixPlans.TRUNCATE, "pid", "300").fixId(), f.fixes().get(0).fixId());
        assertEquals(Map.of("pid", "300", "fd", "5"), f.fixes().get(0).params());
        assertTrue(f.summary().contains("hold 7.8 MiB of /var/log") && f.summary().contains("2 files held by 3 processes"), "the shared inode counts once: " + f.summary());
        Finding full = ofId(all, DiskRules.FULL).get(0);
        assertEquals(16_000L * 512 + 8 * 512, full.subjects().get(0).get("deleted_open_bytes"));
        assertTrue(FixOffer.offers(full.fixes(), DiskFixPlans.TRUNCATE), "disk.full offers the truncate too");

        FixPlan plan = Playbooks.fix(DiskFixPlans.TRUNCATE).orElseThrow().plan().plan(s, Map.of("pid", "300", "fd", "5"),
                java.util.OptionalLong.empty());
        FixStep change = plan.steps().stream().filter(x -> x.kind() == FixStep.Kind.CHANGE).findFirst().orElseThrow();
        assertEquals(": > /proc/300/fd/5", change.command());
        assertEquals("start=4242 deleted=yes inode=77 dev=42 links=0 big=yes", change.precondition().orElseThrow().expectedOutput());
        assertTrue(plan.rollback().isEmpty(), "the data is gone: no rollback");
        assertTrue(String.join(" ", plan.summary()).contains("keeps writing at its offset"));
        assertThrows(IllegalArgumentException.class, () -> DiskFixPlans.plan(s, Map.of("pid", "300", "fd", "6")));
        assertThrows(IllegalArgumentException.class, () -> DiskFixPlans.plan(s, Map.of("pid", "300; rm -rf /", "fd", "5")));
        assertEquals(DiskFixPlans.TRUNCATE, DiskFixPlans.plan(s, Map.of("pid", "303", "fd", "4")).id(),
                "a deleted file on a healthy file system can still be truncated on purpose");
    }

    @Test
    void smallDeletedFilesOnAHealthyFileSystemAreNoFinding() {
        DiskProbeText t = new DiskProbeText()
                .mount(45, "254:0", "/", "ext4", "/dev/vda", "rw", 4096, 1_000_000, 600_000, 550_000, 65536, 60000)
                .deletedFd(300, "x", 5, "/tmp/a", 4096, 8, 77, 65024);
        assertEquals(List.of(), run(sample(t, T0), List.of()));
    }

    @Test
    void growthPerMinuteAndTimeToFull() {
        Sample a = sample(host(400), T0);
        Sample b = sample(host(30), T0.plusSeconds(120));
        DiskAssessment as = DiskAssessment.of(b, List.of(a, b));
        DiskAssessment.FsState st = as.states().stream().filter(x -> x.fs().mountPoint().equals("/var/log")).findFirst().orElseThrow();
        assertEquals(185 * 4096.0, st.growthPerMin().getAsDouble(), 1e-6);
        assertEquals(30 * 4096.0 / (185 * 4096.0), st.minutesToFull().getAsDouble(), 1e-9);
        Finding full = ofId(run(b, List.of(a, b)), DiskRules.FULL).get(0);
        assertEquals(185L * 4096, full.subjects().get(0).get("growth_bytes_per_min"));
        assertFalse(DiskAssessment.of(b, List.of(b)).states().get(1).growthPerMin().isPresent(), "no history: no growth");
    }

    @Test
    void sourcesThatCouldNotBeReadAreSaidSoNotZero() {
        Sample s = sample(host(0).status("mountinfo", "needs-root /proc/self/mountinfo"), T0);
        assertTrue(DiskSnapshot.of(s).statfs().describeAbsence().contains("mountinfo"));
        assertEquals(List.of(), run(s, List.of()));
        Map<String, Object> data = new DiskPlaybook().data(s);
        assertEquals("needs-root", ((Map<?, ?>) data.get("filesystems")).get("status"));
        Sample cut = sample(host(0).truncated(), T0);
        assertTrue(DiskSnapshot.of(cut).mounts().isPresent());
    }
}
