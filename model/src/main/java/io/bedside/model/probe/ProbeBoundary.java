package io.bedside.model.probe;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The boundary token of one probe run. Bedside makes a fresh random token for every sample and
 * puts it in front of the script ({@code BS_TOKEN=...}, on the script's stdin, never on a command
 * line another user could read); the probe prints it in its header and in every marker line, and
 * only marker lines that carry it count. A process on the host cannot know it in advance, so no
 * name, path or log line it prints can end a section, open one or end the sample.
 */
public final class ProbeBoundary {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;

    private ProbeBoundary(String token) {
        this.token = token;
    }

    /** A new boundary: 128 random bits as 32 hex digits. */
    public static ProbeBoundary fresh() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new ProbeBoundary(HexFormat.of().formatHex(b));
    }

    public String token() {
        return token;
    }

    /** The script with this boundary's variable line in front of it. */
    public String wrap(String script) {
        return "BS_TOKEN=" + token + "\n" + script;
    }

    /** Probe output of this run, split; output that does not carry this token is not used. */
    public ProbeOutput parse(String output) {
        return ProbeOutputParser.parse(output, token);
    }

    /** Whether this output's header carries this boundary's token. */
    public boolean carriedBy(String output) {
        return ProbeOutputParser.headerToken(output).filter(token::equals).isPresent();
    }

    @Override
    public String toString() {
        return "ProbeBoundary[" + token + "]";
    }
}
