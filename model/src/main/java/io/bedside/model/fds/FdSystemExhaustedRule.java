package io.bedside.model.fds;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value FdsRules#SYSTEM_EXHAUSTED}: the kernel's open-file table is nearly full: file-nr's allocated
 * handles at &gt;= 90% of fs.file-max (critical at 98%). Past it, every process but root's gets
 * ENFILE ("Too many open files in system") from open, socket, pipe and accept.
 */
public final class FdSystemExhaustedRule extends FdsRule {
    public FdSystemExhaustedRule() {
        this(new FdsAssessment.Cache(FdsRules.Thresholds.DEFAULTS));
    }

    FdSystemExhaustedRule(FdsAssessment.Cache cache) {
        super(cache);
    }

    @Override
    public String id() {
        return FdsRules.SYSTEM_EXHAUSTED;
    }

    @Override
    Optional<Finding> raise(FdsAssessment a) {
        Optional<FileTable> t = a.fds.table().get();
        if (t.isEmpty() || t.get().max() <= 0) {
            return Optional.empty();
        }
        FileTable f = t.get();
        long used = f.inUse();
        if (100.0 * used < (double) a.limits.systemPercent() * f.max()) {
            return Optional.empty();
        }
        Severity sev = 100.0 * used >= (double) a.limits.systemCriticalPercent() * f.max() ? Severity.CRITICAL : Severity.WARNING;
        long pct = (long) Math.floor(100.0 * used / f.max());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file_nr", used);
        m.put("file_max", f.max());
        m.put("percent", pct);
        f.nrOpen().ifPresent(n -> m.put("nr_open", n));
        m.put("severity", sev.token());
        String summary = "The system's open-file table is " + pct + "% full: " + used + " of fs.file-max " + f.max()
                + " file handles allocated; past it, every process but root's gets ENFILE (Too many open files in system)";
        List<Evidence> ev = List.of(new Evidence(FdsSnapshot.FS_FILE, "/proc/sys/fs/file-nr (allocated, free, max), file-max, nr_open",
                f.lines()));
        return Optional.of(new Finding(FdsRules.SYSTEM_EXHAUSTED, sev, summary, List.of(Subject.of(Subject.Kind.LIMIT, m)), ev,
                List.of(new FixOffer(FdsFixPlans.RAISE_FILE_MAX, Map.of("file-max", Long.toString(FdsFixPlans.proposedFileMax(f)))))));
    }
}
