package io.bedside.model.disk;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sockets.SocketFixPlans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@value DiskRules#DELETED_OPEN}: per file system, the deleted files processes still hold open,
 * when they hold &gt;= 1% of it or it is full (the space du cannot find). Critical when the file
 * system is critically full, else a warning. Offers {@code disk.deleted.truncate} for the largest
 * files and {@code proc.restart-unit} for holders that run in a systemd service.
 */
public final class DeletedOpenRule extends DiskRule {
    public DeletedOpenRule() {
        this(new DiskAssessment.Cache());
    }

    DeletedOpenRule(DiskAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return DiskRules.DELETED_OPEN;
    }

    static FixOffer truncateOffer(HeldFile h) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("pid", Integer.toString(h.file().pid()));
        p.put("fd", Integer.toString(h.file().fd()));
        return new FixOffer(DiskFixPlans.TRUNCATE, p);
    }

    @Override
    List<Finding> raise(DiskAssessment a) {
        List<Finding> out = new ArrayList<>();
        for (DiskAssessment.FsState st : a.states()) {
            List<HeldFile> held = a.heldOn(st.fs());
            if (held.isEmpty()) {
                continue;
            }
            long bytes = a.heldBytes(st.fs());
            boolean big = bytes * 100.0 >= DiskRules.DELETED_PCT * st.stat().sizeBytes();
            if (!big && st.full().isEmpty() || bytes == 0) {
                continue;
            }
            FileSystem fs = st.fs();
            List<Subject> subjects = new ArrayList<>();
            for (HeldFile h : held) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("pid", h.file().pid());
                f.put("comm", h.comm());
                f.put("fd", h.file().fd());
                f.put("path", h.path());
                f.put("size_bytes", h.file().size());
                f.put("held_bytes", h.file().heldBytes());
                f.put("inode", h.file().inode());
                f.put("mount", fs.mountPoint());
                h.unit().ifPresent(u -> f.put("unit", u));
                subjects.add(Subject.of(Subject.Kind.PROCESS, f));
            }
            List<FixOffer> offers = new ArrayList<>();
            held.stream().limit(DiskRules.OFFERS).forEach(h -> offers.add(truncateOffer(h)));
            Set<String> units = new LinkedHashSet<>();
            held.stream().limit(DiskRules.OFFERS).forEach(h -> h.unit().ifPresent(units::add));
            units.forEach(u -> offers.add(FixOffer.of(SocketFixPlans.RESTART_UNIT, "unit", u)));
            Set<Integer> pids = new LinkedHashSet<>();
            held.forEach(h -> pids.add(h.file().pid()));
            long files = held.stream().mapToLong(h -> h.file().inode()).distinct().count();
            HeldFile top = held.get(0);
            String summary = String.format(Locale.ROOT, "Deleted files still open hold %s of %s (%s, %.1f%% of it): %d file%s"
                            + " held by %d process%s, the largest %s of %s (pid %d, fd %d)",
                    bytes(bytes), fs.mountPoint(), fs.fstype(), 100.0 * bytes / Math.max(1, st.stat().sizeBytes()),
                    files, files == 1 ? "" : "s", pids.size(), pids.size() == 1 ? "" : "es",
                    bytes(top.file().heldBytes()), top.comm().isEmpty() ? "pid " + top.file().pid() : top.comm(),
                    top.file().pid(), top.file().fd());
            List<String> lines = new ArrayList<>();
            held.stream().limit(50).forEach(h -> lines.add(h.file().pid() + " " + h.file().fd() + " size=" + h.file().size()
                    + " held=" + h.file().heldBytes() + " inode=" + h.file().inode() + " dev=" + h.file().device()
                    + " path=" + h.path() + " (deleted)"));
            Severity sev = st.full().filter(s -> s == Severity.CRITICAL).isPresent() ? Severity.CRITICAL : Severity.WARNING;
            out.add(new Finding(id(), sev, summary, subjects,
                    List.of(new Evidence(DiskSnapshot.DELETED, "stat -L of each fd of a deleted file on " + fs.mountPoint(), lines)),
                    offers));
        }
        return out;
    }
}
