package io.bedside.app.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Every command a fix runs on the host, one JSON line each, appended and flushed before the next
 * command runs: time, host, the user it ran as, the fix, the step kind, the exact command, its
 * exit status and outcome. Read-only commands are logged too.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void record(Instant at, String host, String user, String fixId, String kind, String command,
                                    int exitStatus, String outcome, boolean dryRun) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", at.toString()).put("host", host).put("user", user).put("fix", fixId).put("kind", kind)
                .put("command", command).put("exitStatus", exitStatus).put("outcome", outcome).put("dryRun", dryRun);
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }
}
