package io.bedside.model.disk;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@value DiskRules#INODES}: one finding per file system whose inodes are &gt;= 90% used (warning),
 * &gt;= 99% (critical). File systems without a fixed number of inodes (btrfs: 0) and read-only ones
 * are left out. No fix: which files to remove is the operator's call; the finding says where.
 */
public final class InodesExhaustedRule extends DiskRule {
    public InodesExhaustedRule() {
        this(new DiskAssessment.Cache());
    }

    InodesExhaustedRule(DiskAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return DiskRules.INODES;
    }

    @Override
    List<Finding> raise(DiskAssessment a) {
        List<Finding> out = new ArrayList<>();
        for (DiskAssessment.FsState st : a.states()) {
            FsStat s = st.stat();
            if (!s.hasInodes() || st.fs().readOnly() || s.files() == Long.MAX_VALUE) {
                continue;
            }
            long used = Math.max(0, s.files() - s.ffree());
            Severity sev;
            if (used * 100 >= DiskRules.INODES_CRITICAL_PCT * s.files() || s.ffree() == 0) {
                sev = Severity.CRITICAL;
            } else if (used * 100 >= DiskRules.INODES_WARNING_PCT * s.files()) {
                sev = Severity.WARNING;
            } else {
                continue;
            }
            FileSystem fs = st.fs();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("mount", fs.mountPoint());
            f.put("device", fs.source());
            f.put("fstype", fs.fstype());
            f.put("inodes", s.files());
            f.put("inodes_free", s.ffree());
            f.put("used_pct", s.inodesUsedPercent());
            String summary = String.format(Locale.ROOT, "%s (%s) has used %d%% of its inodes: %d of %d free, so no file can be"
                    + " created there%s", fs.mountPoint(), fs.fstype(), s.inodesUsedPercent(), s.ffree(), s.files(),
                    s.ffree() == 0 ? " now" : " once they are gone");
            out.add(new Finding(id(), sev, summary, List.of(Subject.of(Subject.Kind.LIMIT, f)),
                    List.of(new Evidence(DiskSnapshot.STATFS, "statfs of " + fs.mountPoint(),
                            List.of(fs.primary().line(), "files=" + s.files() + " ffree=" + s.ffree()))),
                    List.of()));
        }
        return out;
    }
}
