package io.bedside.app.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What sudo writes on stderr before the script may go, read as it arrives: prompts split across
 * writes, a prompt-like text that is not this run's, sudo's lecture, and what is left after the
 * start line for the script's own stderr. (The real sudo is in SudoPasswordLabTest.)
 */
class SudoHandshakeTest {
    private static final SudoHandshake.Tokens T = new SudoHandshake.Tokens("[bedside-sudo:00aa]", "bedside-root:11bb");

    @Test
    void theCommandCarriesBothRandomStringsAndNothingAShellWouldChange() {
        SudoHandshake.Tokens a = SudoHandshake.Tokens.random();
        SudoHandshake.Tokens b = SudoHandshake.Tokens.random();
        assertNotEquals(a, b);
        assertTrue(a.prompt().matches("\\[bedside-sudo:[0-9a-f]{24}]"), a.prompt());
        assertTrue(a.ready().matches("bedside-root:[0-9a-f]{24}"), a.ready());
        assertEquals("sudo -S -p '[bedside-sudo:00aa]' -- sh -c 'echo bedside-root:11bb >&2 && exec sh -s'",
                SudoHandshake.command(T, false));
        assertEquals("sudo -S -k -p '[bedside-sudo:00aa]' -- sh -c 'echo bedside-root:11bb >&2 && exec sh -s'",
                SudoHandshake.command(T, true));
    }

    @Test
    void promptsAreSeenAcrossWritesThenTheStartLineHandsTheRestOver() throws Exception {
        PipedOutputStream w = new PipedOutputStream();
        PipedInputStream r = new PipedInputStream(w, 4096);
        SudoHandshake h = new SudoHandshake(r, T, "test");
        write(w, "\nWe trust you have received the usual lecture.\n[bedside-su");
        assertNull(h.next(200), "half a prompt is no prompt");
        write(w, "do:00aa]");
        assertEquals(SudoHandshake.Event.PROMPT, h.next(5000));
        write(w, "\nSorry, try again.\n[bedside-sudo:ffff]\n[bedside-sudo:00aa]");
        assertEquals(SudoHandshake.Event.PROMPT, h.next(5000), "only this run's prompt counts");
        assertNull(h.next(200));
        write(w, "\nbedside-root:11bb\nscript's own stderr\n");
        assertEquals(SudoHandshake.Event.READY, h.next(5000));
        assertFalse(h.said().contains("[bedside-sudo:00aa]"), h.said());
        assertFalse(h.said().contains("bedside-root"), h.said());
        assertTrue(h.said().contains("Sorry, try again."), h.said());
        // the handshake stopped reading at the start line: the rest is the script's
        assertEquals("script's own stderr\n", new String(readAvailable(r), StandardCharsets.UTF_8));
        w.close();
    }

    @Test
    void aRefusalIsOneLineWithControlCharactersShownAndTheShellNamedPlainly() throws Exception {
        PipedOutputStream w = new PipedOutputStream();
        PipedInputStream r = new PipedInputStream(w, 4096);
        SudoHandshake h = new SudoHandshake(r, T, "test");
        write(w, "[bedside-sudo:00aa]\nSorry, user bl-x is not allowed to execute '/usr/bin/sh -c echo bedside-root:11bb >&2 && exec sh -s'"
                + " as root on \u001b[31mhost\r.\n");
        assertEquals(SudoHandshake.Event.PROMPT, h.next(5000));
        w.close();
        assertEquals(SudoHandshake.Event.END, h.next(5000));
        assertEquals("Sorry, user bl-x is not allowed to execute '/usr/bin/sh -s' as root on \\x1b[31mhost\\x0d", h.reason());
    }

    @Test
    void anEndBeforeAnythingIsAnEndWithNoReason() throws Exception {
        SudoHandshake h = new SudoHandshake(InputStream.nullInputStream(), T, "test");
        assertEquals(SudoHandshake.Event.END, h.next(5000));
        assertEquals("", h.reason());
    }

    private static void write(PipedOutputStream w, String s) throws IOException {
        w.write(s.getBytes(StandardCharsets.UTF_8));
        w.flush();
    }

    private static byte[] readAvailable(InputStream in) throws Exception {
        long until = System.currentTimeMillis() + 5000;
        while (in.available() == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        return in.readNBytes(in.available());
    }
}
