package io.bedside.app.fix;

import io.bedside.app.json.RecordJson;
import io.bedside.model.fix.AuditEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command a fix runs on the host, one JSON line each, appended and flushed before the next
 * command runs: time, host, the user it ran as, the fix, the step kind, the exact command, its
 * exit status and outcome. Read-only commands are logged too.
 */
public final class AuditLog {
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void record(Instant at, String host, String user, String fixId, String kind, String command,
                                    int exitStatus, String outcome, boolean dryRun) throws IOException {
        AuditEntry e = new AuditEntry(at, host, user, fixId, kind, command, exitStatus, outcome, dryRun);
        Files.createDirectories(file.getParent());
        Files.writeString(file, RecordJson.JSON.writeValueAsString(RecordJson.auditEntry(e)) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    /** Every readable entry of an audit log, oldest first; a line cut short (the app was killed) ends it. */
    public static List<AuditEntry> read(Path auditLog) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        if (!Files.isRegularFile(auditLog)) {
            return out;
        }
        for (String line : Files.readAllLines(auditLog, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(RecordJson.auditEntry(RecordJson.JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return out;
    }
}
