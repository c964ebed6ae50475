package io.bedside.app.fix;

import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.fix.ProcessGuard;
import io.bedside.model.fix.ShellWords;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fix guardrails through a real sshd: {@code bedside fix} refuses to signal the lab host's
 * listening sshd (the ancestor of Bedside's own session) and pid 1, and the host re-check, run
 * by the session's own shell over ssh (with and without sudo), says {@code own-session} for that
 * sshd, so a plan from a stale sample could not signal it either.
 */
@WithLab
class FixGuardrailsLabTest {
    private static final Duration T = Duration.ofSeconds(60);
    private final LabCli cli = new LabCli();

    private static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void theSessionsSshdAndInitAreNeverSignalled(Lab lab) {
        String cfg = lab.sshConfig().toString();
        String sshd = Long.toString(lab.sshdPid());
        int status = cli.run("fix", "-F", cfg, lab.alias(), "proc.signal", "pid=" + sshd, "signal=TERM", "--sudo", "--yes");
        assertEquals(3, status, cli.both());
        assertTrue(cli.err().contains("pid " + sshd + " (sshd) carries Bedside's own session on the host"), cli.both());
        assertTrue(cli.err().lines().filter(l -> !l.isBlank()).count() <= 2, "one sentence, no stack trace: " + cli.err());
        assertTrue(alive(lab.sshdPid()), "the lab's sshd still runs");

        assertEquals(3, cli.run("fix", "-F", cfg, lab.alias(), "proc.signal", "pid=1", "signal=KILL", "--sudo", "--yes"), cli.both());
        assertTrue(cli.err().contains("pid 1") && cli.err().contains("is the host's init; Bedside never signals it."), cli.both());

        assertEquals(3, cli.run("fix", "-F", cfg, lab.alias(), "proc.restart-unit", "unit=-x.service", "--sudo", "--yes"), cli.both());
        assertTrue(cli.err().contains("is not the name of a systemd service unit"), cli.both());
    }

    @Test
    void theHostRecheckFindsTheSessionsSshdWithAndWithoutSudo(Lab lab) {
        int sshd = (int) lab.sshdPid();
        String check = ProcessGuard.hostCheck(sshd) + " printf 'guard=%s\\n' \"$bg_g\"";
        Lab.Result plain = lab.ssh(T, lab.alias(), check);
        assertEquals("guard=own-session\n", plain.stdout(), plain.describe());
        Lab.Result sudo = lab.ssh(T, lab.alias(), ShellWords.command("sudo", "-n", "sh", "-c", check));
        assertEquals("guard=own-session\n", sudo.stdout(), sudo.describe());
        Lab.Result init = lab.ssh(T, lab.alias(), ProcessGuard.hostCheck(1) + " printf 'guard=%s\\n' \"$bg_g\"");
        assertEquals("guard=init\n", init.stdout(), init.describe());
        assertTrue(alive(sshd));
    }
}
