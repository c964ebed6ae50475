package io.bedside.model.fix;

import java.time.Instant;

/**
 * One command Bedside ran on a host for a fix, as the audit log keeps it.
 *
 * @param time       when it finished
 * @param host       the connection it ran over (user@host:port as the transport describes it)
 * @param user       the login user, with " (sudo)" when it ran through sudo
 * @param fix        the fix it belonged to, e.g. {@code ipc.sem.remove-orphans}
 * @param kind       evidence, re-check, change, verify or probe
 * @param command    the exact command
 * @param exitStatus its exit status
 * @param outcome    ok or failed
 * @param dryRun     whether it ran as part of a dry run (only reads run then)
 */
public record AuditEntry(Instant time, String host, String user, String fix, String kind, String command,
                         int exitStatus, String outcome, boolean dryRun) {
}
