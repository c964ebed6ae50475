package io.bedside.model.disk;

import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The disk part of a sample as plain data, for {@code snapshot --json}: every file system that holds
 * data (one per device, with its mount points, statfs figures or why they were not read), and every
 * deleted file held open on one of them with its holder.
 */
final class DiskData {
    private DiskData() {
    }

    static Map<String, Object> of(Sample sample) {
        DiskSnapshot s = DiskSnapshot.of(sample);
        Map<String, Object> out = SampleData.map();
        if (s.mounts() instanceof Reading.Absent<?> a) {
            out.put("filesystems", SampleData.absence(a));
        } else {
            Map<String, Object> m = SampleData.map();
            if (s.statfs() instanceof Reading.Absent<?> a) {
                m.put("status", a.status().token());
                m.put("detail", "statfs: " + a.detail());
            } else {
                m.put("status", "ok");
            }
            List<Object> rows = new ArrayList<>();
            for (FileSystem fs : s.fileSystems()) {
                Map<String, Object> r = SampleData.map();
                r.put("mount", fs.mountPoint());
                r.put("device", fs.source());
                r.put("majmin", fs.device());
                r.put("fstype", fs.fstype());
                r.put("read_only", fs.readOnly());
                r.put("also_mounted_at", fs.mounts().stream().skip(1).map(Mount::mountPoint).toList());
                if (fs.stat().isPresent()) {
                    FsStat st = fs.stat().get();
                    r.put("status", "ok");
                    r.put("size_bytes", st.sizeBytes());
                    r.put("avail_bytes", st.availBytes());
                    r.put("free_bytes", st.bfree() * st.bsize());
                    r.put("used_pct", st.usedPercent());
                    r.put("inodes", st.files());
                    r.put("inodes_free", st.ffree());
                    r.put("inodes_used_pct", st.hasInodes() ? st.inodesUsedPercent() : null);
                } else {
                    r.put("status", fs.skipped().isPresent() ? "skipped" : "unreadable");
                    r.put("detail", fs.skipped().orElse("stat -f did not answer for it (no permission, or gone)"));
                }
                rows.add(r);
            }
            m.put("list", rows);
            out.put("filesystems", m);
        }
        if (s.deleted() instanceof Reading.Absent<?> a) {
            out.put("deleted_open", SampleData.absence(a));
        } else {
            Map<String, Object> m = SampleData.map();
            m.put("status", "ok");
            List<Object> rows = new ArrayList<>();
            for (HeldFile h : DiskAssessment.of(sample, List.of()).held()) {
                Map<String, Object> r = SampleData.map();
                r.put("pid", h.file().pid());
                r.put("comm", h.comm());
                r.put("fd", h.file().fd());
                r.put("path", h.path());
                r.put("size_bytes", h.file().size());
                r.put("held_bytes", h.file().heldBytes());
                r.put("inode", h.file().inode());
                r.put("mount", h.fs().mountPoint());
                r.put("unit", h.unit().orElse(null));
                rows.add(r);
            }
            m.put("files", rows);
            out.put("deleted_open", m);
        }
        return out;
    }
}
