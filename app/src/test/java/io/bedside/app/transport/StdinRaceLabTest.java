package io.bedside.app.transport;

import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command that ends before it has read its stdin, through a real sshd: the channel closes while
 * Bedside still writes, and sshj refuses the write with "Stream closed". That is a pipe whose reader
 * is gone, not a dropped connection: the command's output and exit status are the answer. (Found by
 * a 50-host sweep with --sudo, where `sudo -n -k true` often ended before its empty stdin was sent,
 * and the host was reported as "connection dropped".)
 */
// alone: a race with the remote command, which load from another test would change
@org.junit.jupiter.api.parallel.Isolated
@WithLab
class StdinRaceLabTest {

    private static SshTransport open(Lab lab) throws Exception {
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        Sources sources = new Sources(new SshConnector(SshResolver.system()), o, SshTransport.DEFAULT_CAP);
        HostTransport t = sources.open(lab.alias(), Prompter.REFUSE_ALL);
        return (SshTransport) t;
    }

    @Test
    void aCommandThatEndsBeforeReadingItsStdinIsItsAnswerNotADroppedConnection(Lab lab) throws Exception {
        try (SshTransport t = open(lab)) {
            // a stdin within sshd's channel window (2 MiB) but long enough to be still on its way when a
            // command that does not read it has ended
            String script = "x".repeat(1536 * 1024);
            for (int i = 0; i < 20; i++) {
                ProbeResult r = t.exec("echo started; exit 3", script, Duration.ofSeconds(30));
                assertEquals(3, r.exitStatus(), "run " + i + ": " + r.stderr());
                assertEquals("started\n", r.stdout());
            }
            // a command that reads part of its stdin and stops
            ProbeResult r = t.exec("head -c 5", script, Duration.ofSeconds(30));
            assertEquals(0, r.exitStatus(), r.stderr());
            assertEquals("xxxxx", r.stdout());
            // the race of an empty stdin against a command that ends at once, many times over
            for (int i = 0; i < 40; i++) {
                r = t.exec("true", "", Duration.ofSeconds(15));
                assertEquals(0, r.exitStatus(), "run " + i + ": " + r.stderr());
            }
            assertTrue(t.isOpen(), "the connection is still there");
        }
    }
}
