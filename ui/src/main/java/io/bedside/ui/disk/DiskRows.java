package io.bedside.ui.disk;

import io.bedside.model.disk.DiskAssessment;
import io.bedside.model.disk.DiskRules;
import io.bedside.model.disk.DiskSnapshot;
import io.bedside.model.disk.FileSystem;
import io.bedside.model.disk.FsStat;
import io.bedside.model.disk.HeldFile;
import io.bedside.model.disk.Mount;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;
import io.bedside.ui.fx.Units;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One build of the Disk area, off the FX thread: a row per file system (fullest first, the ones
 * statfs did not read last, with why), a row per deleted file still held open (largest first),
 * the findings, and why a table is empty. Host text is escaped for the window here.
 */
record DiskRows(List<FsRow> fileSystems, String fsAbsence, List<HeldRow> held, String heldAbsence,
                List<FindingItem> findings) {

    /**
     * A file system as the table shows it.
     *
     * @param used   share of blocks used (df's), 0..1; negative when not read
     * @param inodes share of inodes used, 0..1; negative when the file system has no inode count or was not read
     */
    record FsRow(String mount, String fstype, String device, String size, double used, String usedText, String avail,
                 double inodes, String inodesText, String growth, String toFull, String note, boolean full)
            implements io.bedside.ui.findings.AboutFinding {
        @Override
        public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
                return f.subjectValues("mount").contains(mount);
        }

    }

    /** A deleted file held open, as the table shows it. */
    record HeldRow(String holder, int pid, int fd, String path, String size, long heldBytes, String held, String mount,
                   String unit) implements io.bedside.ui.findings.AboutFinding {
    @Override
    public boolean isAbout(io.bedside.ui.findings.FindingItem f) {
        return f.subjectValues("pid").contains(Integer.toString(pid));
    }

    }

    static DiskRows of(Sample latest, List<Sample> history) {
        List<Sample> h = history.isEmpty() ? List.of(latest) : history;
        DiskAssessment a = DiskAssessment.of(latest, h);
        DiskSnapshot s = a.snapshot();
        List<FsRow> rows = new ArrayList<>();
        for (DiskAssessment.FsState st : a.states()) {
            rows.add(row(st, a));
        }
        rows.sort(Comparator.comparingDouble((FsRow r) -> -Math.max(r.used(), r.inodes())));
        for (FileSystem fs : s.fileSystems()) {
            if (fs.stat().isEmpty()) {
                rows.add(new FsRow(HostText.window(fs.mountPoint()), HostText.window(fs.fstype()), HostText.window(fs.source()),
                        "", -1, "", "", -1, "", "", "", fs.skipped().orElse("statfs did not answer (no permission, or gone)"), false));
            }
        }
        String fsAbsence = "";
        if (s.mounts() instanceof Reading.Absent<?> m) {
            fsAbsence = "File systems could not be read: " + DiskSnapshot.MOUNTINFO + " " + s.mounts().describeAbsence() + ".";
        } else if (s.statfs() instanceof Reading.Absent<?>) {
            fsAbsence = "File system use could not be read: " + DiskSnapshot.STATFS + " " + s.statfs().describeAbsence() + ".";
        }
        List<HeldRow> held = new ArrayList<>();
        for (HeldFile f : a.held()) {
            held.add(new HeldRow(HostText.window(f.comm()), f.file().pid(), f.file().fd(), HostText.window(f.path()),
                    Units.bytes(f.file().size()), f.file().heldBytes(), Units.bytes(f.file().heldBytes()),
                    HostText.window(f.fs().mountPoint()), f.unit().map(HostText::window).orElse("")));
        }
        String heldAbsence = s.deleted().isPresent() ? ""
                : "Deleted files held open could not be read: " + DiskSnapshot.DELETED + " " + s.deleted().describeAbsence() + ".";
        List<FindingItem> findings = new ArrayList<>();
        for (Finding f : new Diagnosis(DiskRules.all()).run(latest, h)) {
            findings.add(FindingItems.of(f));
        }
        findings.sort(Comparator.comparing((FindingItem f) -> f.severity()).reversed());
        return new DiskRows(rows, fsAbsence, held, heldAbsence, findings);
    }

    private static FsRow row(DiskAssessment.FsState st, DiskAssessment a) {
        FileSystem fs = st.fs();
        FsStat s = st.stat();
        double used = s.usedPercent() / 100.0;
        double inodes = s.hasInodes() && s.files() != Long.MAX_VALUE ? s.inodesUsedPercent() / 100.0 : -1;
        String growth = "";
        String toFull = "";
        OptionalDouble g = st.growthPerMin();
        if (g.isPresent()) {
            double v = g.getAsDouble();
            growth = Math.abs(v) < 1024 ? "steady" : (v > 0 ? "+" : "−") + Units.bytes(Math.round(Math.abs(v))) + "/min";
            OptionalDouble m = st.minutesToFull();
            if (s.bavail() == 0) {
                toFull = "full now";
            } else if (m.isPresent() && v >= 1024) {
                toFull = Units.duration(Duration.ofSeconds(Math.round(m.getAsDouble() * 60)));
            }
        } else if (s.bavail() == 0) {
            toFull = "full now";
        }
        List<String> notes = new ArrayList<>();
        notes.add(HostText.window(fs.source()));
        if (fs.readOnly()) {
            notes.add("read-only");
        }
        if (fs.mounts().size() > 1) {
            notes.add("also at " + String.join(", ", fs.mounts().stream().skip(1).limit(3).map(Mount::mountPoint)
                    .map(HostText::window).toList()) + (fs.mounts().size() > 4 ? " …" : ""));
        }
        long heldBytes = a.heldBytes(fs);
        if (heldBytes > 0) {
            notes.add(Units.bytes(heldBytes) + " held by deleted files");
        }
        return new FsRow(HostText.window(fs.mountPoint()), HostText.window(fs.fstype()), HostText.window(fs.source()),
                Units.bytes(s.sizeBytes()), used, s.usedPercent() + " %", Units.bytes(s.availBytes()), inodes,
                inodes < 0 ? "—" : s.inodesUsedPercent() + " %" + (s.ffree() < 1000 ? " (" + s.ffree() + " free)" : ""),
                growth, toFull, String.join("; ", notes), st.full().isPresent());
    }
}
