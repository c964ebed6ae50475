package io.bedside.app.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The start of a sudo run that may ask for a password, read on the channel's stderr.
 *
 * <p>The command is {@code sudo -S -p PROMPT -- sh -c 'echo READY >&2 && exec sh -s'} with two
 * strings made at random for this run: sudo prints PROMPT (and nothing else prints it) when it
 * wants the password, and the root shell prints READY before it reads the script. The caller
 * sends the password only after a PROMPT and the script only after READY, so when sudo does not
 * ask (a fresh timestamp, {@code Defaults timestamp_type=global}, a NOPASSWD rule) the password
 * never reaches the shell, and when sudo asks a second time (the password was wrong) the run ends
 * before anything more is sent: the script is never taken for a password.
 *
 * <p>One thread reads stderr a byte at a time up to the READY line (a few hundred bytes at most:
 * prompts, "Sorry, try again.", sudo's lecture), and stops there: the rest of stderr belongs to
 * the script and is drained by an {@link OutputDrain}. Neither the prompt nor the READY line is
 * kept in anything the caller returns.
 */
final class SudoHandshake implements Runnable {
    enum Event { PROMPT, READY, END }

    /** Text kept from before READY, for the reason of a refusal; older text is dropped. */
    private static final int KEEP = 8 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InputStream err;
    private final byte[] prompt;
    private final byte[] ready;
    private final String shell;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final Thread thread;

    /** The two random strings of one run. Hex only: nothing a shell or sudo's {@code %} escapes would change. */
    record Tokens(String prompt, String ready) {
        static Tokens random() {
            byte[] a = new byte[12];
            byte[] b = new byte[12];
            RANDOM.nextBytes(a);
            RANDOM.nextBytes(b);
            return new Tokens("[bedside-sudo:" + HexFormat.of().formatHex(a) + "]",
                    "bedside-root:" + HexFormat.of().formatHex(b));
        }
    }

    /**
     * The command line for {@code tokens}. With {@code checkPassword} sudo ignores (and does not
     * renew) a cached timestamp, so it asks whenever the rule wants a password: the password is
     * really checked.
     */
    static String command(Tokens tokens, boolean checkPassword) {
        return "sudo -S" + (checkPassword ? " -k" : "") + " -p '" + tokens.prompt() + "' -- sh -c 'echo "
                + tokens.ready() + " >&2 && exec sh -s'";
    }

    SudoHandshake(InputStream err, Tokens tokens, String threadName) {
        this.err = err;
        this.prompt = tokens.prompt().getBytes(StandardCharsets.US_ASCII);
        this.ready = (tokens.ready() + "\n").getBytes(StandardCharsets.US_ASCII);
        this.shell = "sh -c echo " + tokens.ready() + " >&2 && exec sh -s";
        this.thread = new Thread(this, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        byte[] window = new byte[Math.max(prompt.length, ready.length)];
        int filled = 0;
        try {
            int c;
            while ((c = err.read()) >= 0) {
                if (filled == window.length) {
                    System.arraycopy(window, 1, window, 0, filled - 1);
                    filled--;
                }
                window[filled++] = (byte) c;
                keep(c);
                if (endsWith(window, filled, prompt)) {
                    unkeep(prompt.length);
                    filled = 0;
                    events.add(Event.PROMPT);
                } else if (endsWith(window, filled, ready)) {
                    unkeep(ready.length);
                    events.add(Event.READY);
                    return;
                }
            }
        } catch (IOException e) {
            // the channel closed: END says so
        }
        events.add(Event.END);
    }

    private static boolean endsWith(byte[] window, int filled, byte[] token) {
        if (filled < token.length) {
            return false;
        }
        for (int i = 0; i < token.length; i++) {
            if (window[filled - token.length + i] != token[i]) {
                return false;
            }
        }
        return true;
    }

    private void keep(int c) {
        synchronized (said) {
            if (said.size() >= KEEP) {
                byte[] tail = said.toByteArray();
                said.reset();
                said.write(tail, tail.length - KEEP / 2, KEEP / 2);
            }
            said.write(c);
        }
    }

    private void unkeep(int n) {
        synchronized (said) {
            byte[] all = said.toByteArray();
            said.reset();
            said.write(all, 0, Math.max(0, all.length - n));
        }
    }

    /** The next event, or null if none came within {@code millis}. */
    Event next(long millis) throws InterruptedException {
        return events.poll(Math.max(1, millis), TimeUnit.MILLISECONDS);
    }

    /** What sudo said before the script started, prompts left out (e.g. "Sorry, try again."). */
    String said() {
        synchronized (said) {
            return said.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The last line sudo said, for a refusal's reason: without its "sudo: " prefix, control
     * characters shown as {@code \xHH}, at most 200 characters; empty if it said nothing.
     */
    String reason() {
        String last = "";
        for (String line : said().split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        if (last.startsWith("sudo: ")) {
            last = last.substring("sudo: ".length());
        }
        // sudo names the command it refused: the probe's shell, not its start line
        last = last.replace(shell, "sh -s");
        StringBuilder b = new StringBuilder();
        last.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        String r = b.toString();
        while (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return r.length() > 200 ? r.substring(0, 200) + "..." : r;
    }
}
