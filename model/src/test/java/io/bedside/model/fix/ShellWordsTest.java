package io.bedside.model.fix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The quoting function against real shells: for random argv of hostile words, the argv the shell
 * hands to a program (printed by {@code printf '%s\0'}, the shell's builtin and the external one)
 * is byte for byte the intended one. Shells: /bin/sh, dash, bash and busybox sh, each where
 * installed (a test for a missing shell is skipped, not passed).
 */
class ShellWordsTest {
    /** Characters a shell treats specially, control characters, non-ASCII, and bytes that are not UTF-8. */
    private static final String[] PIECES = {"'", "\"", "\\", "$", "`", "$(", "${", "\n", "\r", "\t", " ", "\u001b[31m", "\u001b",
            "*", "?", "[", "]", "~", "#", "&", ";", "|", "<", ">", "(", ")", "{", "}", "!", "^", "=", "-", "--", "-n", "-e",
            "a", "Z", "0", "9", "_", ".", "/", ",", "%", "+", "@", ":", "é", "中", "\uD83D\uDE00", "\u0001", "\u007f", "\u0085",
            "\u00a0", "\u2028", "\uDC80", "\uDCFF", "\uDCC3", "\uDCA9", "\\'", "''", "$HOME", "$$", "$1", "!!", "\\x2d", "a=b",
            "if", ""};

    private static final String END = "--end-of-case-" + Long.toHexString(new Random().nextLong()) + "--";

    static String randomWord(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        if (r.nextInt(10) == 0) {
            b.append((char) (1 + r.nextInt(0x7f)));
        }
        if (r.nextInt(5) == 0) {
            // any byte that is not UTF-8 (0x80..0xff alone), and any Unicode scalar value
            b.append((char) (0xDC80 + r.nextInt(0x80)));
            int cp;
            do {
                cp = 1 + r.nextInt(0x10FFFF);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static byte[] expected(List<List<String>> cases) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> c : cases) {
            for (String w : c) {
                out.writeBytes(ShellWords.bytes(w));
                out.write(0);
            }
            out.writeBytes(ShellWords.bytes(END));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] run(List<String> shell, byte[] script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(shell).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feed = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(script);
            } catch (IOException ignored) {
                // the shell died early: the comparison below fails with what it printed
            }
        });
        feed.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        feed.join();
        assertEquals(0, p.exitValue(), "exit status of " + shell);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/dash", "/bin/bash", "/bin/busybox"})
    void theArgvAProgramReceivesIsTheIntendedOne(String shell) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        List<String> sh = shell.endsWith("busybox") ? List.of(shell, "sh", "-s") : List.of(shell, "-s");
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (String printf : List.of("printf", "/usr/bin/printf")) {
            if (printf.startsWith("/") && !Files.isExecutable(Path.of(printf))) {
                continue;
            }
            List<List<String>> cases = new ArrayList<>();
            StringBuilder script = new StringBuilder("LC_ALL=C; export LC_ALL\n");
            for (int i = 0; i < 400; i++) {
                List<String> argv = new ArrayList<>();
                int n = 1 + r.nextInt(5);
                for (int j = 0; j < n; j++) {
                    argv.add(randomWord(r));
                }
                cases.add(argv);
                List<String> cmd = new ArrayList<>(List.of(printf, "%s\\0"));
                cmd.addAll(argv);
                cmd.add(END);
                script.append(ShellWords.command(cmd)).append('\n');
            }
            byte[] want = expected(cases);
            byte[] got = run(sh, ShellWords.bytes(script.toString()));
            if (!Arrays.equals(want, got)) {
                // name the first case that differs
                int at = Arrays.mismatch(want, got);
                String around = new String(got, Math.max(0, at - 40), Math.min(got.length, at + 40) - Math.max(0, at - 40),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                throw new AssertionError(shell + " with " + printf + " (seed " + seed + "): argv differs at byte " + at
                        + " near " + around.replace("\0", "\\0"));
            }
        }
    }

    @Test
    void plainWordsStayBareAndEverythingElseIsSingleQuoted() {
        assertEquals("kill -s TERM 5025", ShellWords.command("kill", "-s", "TERM", "5025"));
        assertEquals("systemctl restart -- 'foo\\x2dbar.service'", ShellWords.command("systemctl", "restart", "--", "foo\\x2dbar.service"));
        assertEquals("''", ShellWords.quote(""));
        assertEquals("'it'\\''s'", ShellWords.quote("it's"));
        assertEquals("'$(reboot)'", ShellWords.quote("$(reboot)"));
        assertEquals("'~root'", ShellWords.quote("~root"));
        assertEquals("a=b", ShellWords.quote("a=b"));
        assertEquals("'a=b' x", ShellWords.command("a=b", "x"), "bare, a first word would be an assignment");
        assertEquals("'if'", ShellWords.command("if"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.quote("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.command(List.of()));
        assertArrayEquals(new byte[]{'a', (byte) 0xff, (byte) 0xc3, (byte) 0xa9}, ShellWords.bytes("a\uDCFFé"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.bytes("\uD800"));
    }

    @Test
    void aQuotedFirstWordIsACommandNameNotAnAssignmentOrAKeyword() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        for (String first : List.of("BEDSIDE_X=1", "if", "!")) {
            Process p = new ProcessBuilder("/bin/sh", "-c", ShellWords.command(first, "arg") + "; echo status=$?")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals("status=127\n", out, first + " was looked up as a command (and not found)");
        }
    }
}
