package io.bedside.app.transport;

import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException;
import io.bedside.model.port.TransportException.Kind;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Administrative access for one session: {@code sudo -n} where no password is needed, else the
 * password asked once and kept in memory for this session only (never written anywhere). The
 * password reaches sudo only when sudo asks for it ({@link SudoHandshake}).
 */
final class SudoSecret {
    private enum Mode { UNKNOWN, NOPASSWD, PASSWORD }

    private Mode mode = Mode.UNKNOWN;
    private char[] password;

    /** The password to feed sudo, or empty for {@code sudo -n}. A copy: the caller wipes it. */
    synchronized Optional<char[]> passwordFor(SshTransport t, Prompter prompter, String host) throws TransportException {
        if (mode == Mode.UNKNOWN) {
            // -k: a cached timestamp (timestamp_type=global, another terminal's sudo) does not
            // count, so only a rule without a password passes; it would expire mid-session
            ProbeResult r = t.exec("sudo -n -k true", "", Duration.ofSeconds(15));
            if (r.exitStatus() == 0) {
                mode = Mode.NOPASSWD;
            } else if (r.stderr().contains("not found") || r.exitStatus() == 127) {
                throw new TransportException(Kind.PRIVILEGE, "Administrative access needs sudo, which is not installed on " + host + ".");
            } else {
                Optional<char[]> pw = prompter.askSecret("sudo password on " + host + ":");
                if (pw.isEmpty()) {
                    throw new TransportException(Kind.PRIVILEGE, "Administrative access on " + host
                            + " needs a sudo password, and none was given.");
                }
                try {
                    t.execWithPassword("", pw.get(), true, Duration.ofSeconds(15));
                } catch (TransportException e) {
                    Arrays.fill(pw.get(), '\0');
                    throw e;
                }
                password = pw.get();
                mode = Mode.PASSWORD;
            }
        }
        return mode == Mode.PASSWORD ? Optional.of(password.clone()) : Optional.empty();
    }

    synchronized void forget() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
        mode = Mode.UNKNOWN;
    }
}
