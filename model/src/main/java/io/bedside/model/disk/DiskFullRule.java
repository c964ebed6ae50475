package io.bedside.model.disk;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@value DiskRules#FULL}: one finding per full file system (see {@link DiskRules}); it offers the
 * truncation of the largest deleted files held open on it, when there are any.
 */
public final class DiskFullRule extends DiskRule {
    public DiskFullRule() {
        this(new DiskAssessment.Cache());
    }

    DiskFullRule(DiskAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return DiskRules.FULL;
    }

    @Override
    List<Finding> raise(DiskAssessment a) {
        List<Finding> out = new ArrayList<>();
        for (DiskAssessment.FsState st : a.states()) {
            if (st.full().isEmpty()) {
                continue;
            }
            FileSystem fs = st.fs();
            FsStat s = st.stat();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("mount", fs.mountPoint());
            f.put("device", fs.source());
            f.put("majmin", fs.device());
            f.put("fstype", fs.fstype());
            f.put("size_bytes", s.sizeBytes());
            f.put("avail_bytes", s.availBytes());
            f.put("used_pct", s.usedPercent());
            st.growthPerMin().ifPresent(g -> f.put("growth_bytes_per_min", Math.round(g)));
            st.minutesToFull().ifPresent(m -> f.put("minutes_to_full", Math.round(m * 10) / 10.0));
            long held = a.heldBytes(fs);
            if (held > 0) {
                f.put("deleted_open_bytes", held);
            }
            String summary = String.format(Locale.ROOT, "%s (%s) is %d%% full: %s of %s available%s%s", fs.mountPoint(),
                    fs.fstype(), s.usedPercent(), bytes(s.availBytes()), bytes(s.sizeBytes()),
                    st.growthPerMin().isPresent() && st.growthPerMin().getAsDouble() > 0
                            ? ", growing " + bytes(Math.round(st.growthPerMin().getAsDouble())) + "/min" : "",
                    held > 0 ? "; deleted files still open hold " + bytes(held) : "");
            List<FixOffer> offers = new ArrayList<>();
            a.heldOn(fs).stream().limit(DiskRules.OFFERS).forEach(h -> offers.add(DeletedOpenRule.truncateOffer(h)));
            out.add(new Finding(id(), st.full().get(), summary, List.of(Subject.of(Subject.Kind.LIMIT, f)),
                    List.of(new Evidence(DiskSnapshot.STATFS, "statfs of " + fs.mountPoint() + " and its mountinfo line",
                            List.of(fs.primary().line(), String.format(Locale.ROOT,
                                    "bsize=%d blocks=%d bfree=%d bavail=%d files=%d ffree=%d", s.bsize(), s.blocks(), s.bfree(),
                                    s.bavail(), s.files(), s.ffree())))),
                    offers));
        }
        return out;
    }

    static Severity worst(List<Finding> fs) {
        return fs.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.INFO);
    }
}
