package io.bedside.app.fix;

import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AppliedFix;
import io.bedside.model.fix.AuditEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixes a session ran, one JSON line each in {@code fixes.jsonl} beside its {@code audit.jsonl}:
 * the plan, every step's outcome, the verdict and the probe output before and after. Reports and
 * recordings find the fixes of a host here, with the audit log of each.
 */
public final class FixJournal {

    private FixJournal() {
    }

    /** Appends one fix to the session's journal, synced before returning. */
    public static synchronized void append(SessionFiles files, AppliedFix fix) throws IOException {
        Files.createDirectories(files.dir());
        Files.writeString(files.fixJournal(), RecordJson.JSON.writeValueAsString(RecordJson.appliedFix(fix)) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    /**
     * The fixes run on {@code hostname} from this machine that started within [{@code from}, {@code to}],
     * dry runs left out, each with its audit log, oldest first. Sessions that cannot be read are skipped.
     */
    public static List<AppliedFix> find(Path sessionsRoot, String hostname, Instant from, Instant to) {
        List<AppliedFix> out = new ArrayList<>();
        if (!Files.isDirectory(sessionsRoot)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sessionsRoot)) {
            for (Path d : dirs) {
                Path journal = d.resolve(SessionFiles.FIX_JOURNAL);
                if (!Files.isRegularFile(journal)) {
                    continue;
                }
                List<AuditEntry> audit = AuditLog.read(d.resolve(SessionFiles.AUDIT_LOG));
                for (AppliedFix f : read(journal)) {
                    if (!f.dryRun() && f.hostname().equals(hostname) && !f.startedAt().isBefore(from)
                            && !f.startedAt().isAfter(to)) {
                        out.add(f.withAudit(auditOf(f, audit)));
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(AppliedFix::startedAt));
        return out;
    }

    /** Fixes of {@code a} and {@code b}, each run once (by fix and start), oldest first. */
    public static List<AppliedFix> union(List<AppliedFix> a, List<AppliedFix> b) {
        Map<String, AppliedFix> m = new LinkedHashMap<>();
        a.forEach(f -> m.put(f.key(), f));
        b.forEach(f -> m.putIfAbsent(f.key(), f));
        List<AppliedFix> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparing(AppliedFix::startedAt));
        return out;
    }

    /** The audit lines of this run of the fix: same fix id, within its start and finish. */
    static List<AuditEntry> auditOf(AppliedFix f, List<AuditEntry> audit) {
        return audit.stream().filter(e -> e.fix().equals(f.fixId()) && !e.time().isBefore(f.startedAt())
                && !e.time().isAfter(f.finishedAt())).toList();
    }

    /** Every readable fix of a journal file; a line cut short (the app was killed) ends the list. */
    public static List<AppliedFix> read(Path journal) throws IOException {
        List<AppliedFix> out = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(RecordJson.appliedFix(RecordJson.JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return out;
    }

}
