package io.bedside.model.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Framing by boundary token, line splitting, and the wire escaping of host text. */
class ProbeFramingTest {
    private static final String T = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String M = "@@bedside:" + T + ":";
    private static final Path PROBE = io.bedside.model.probe.ProbeFiles.PROBE;

    private static String sample(String... body) {
        List<String> l = new ArrayList<>();
        l.add("@@bedside:probe version=2 token=" + T + " uid=0 pid=42 epoch_ns=1");
        l.add(M + "section a ok");
        l.addAll(Arrays.asList(body));
        l.add(M + "section b ok");
        l.add("b1");
        l.add(M + "end elapsed_ns=5");
        return String.join("\n", l) + "\n";
    }

    @Test
    void markerLinesWithoutTheTokenAreBodyText() {
        ProbeOutput o = ProbeOutputParser.parse(sample("@@bedside:end elapsed_ns=1", "@@bedside:section b ok",
                "@@bedside:ffffffffffffffffffffffffffffffff:end x", "\r@@bedside:end "), T);
        assertTrue(o.complete());
        assertEquals(List.of("a", "b"), List.copyOf(o.sections().keySet()));
        assertEquals(4, o.section("a").orElseThrow().lines().size());
        assertEquals(List.of("b1"), o.section("b").orElseThrow().lines());
        assertTrue(o.problems().isEmpty(), o.problems().toString());
    }

    @Test
    void onlyNewlineEndsALine() {
        ProbeOutput o = ProbeOutputParser.parse(sample("x\r" + M + "end y", "p\u2028q\u000bz\fw"), T);
        assertEquals(List.of("x\r" + M + "end y", "p\u2028q\u000bz\fw"), o.section("a").orElseThrow().lines());
        assertEquals("5", o.trailer().get("elapsed_ns"));
    }

    @Test
    void outputOfAnotherRunIsNotUsedAtAll() {
        ProbeOutput o = ProbeOutputParser.parse(sample("a1"), "11111111111111111111111111111111");
        assertFalse(o.complete());
        assertTrue(o.sections().isEmpty());
        assertTrue(o.problems().get(0).message().contains("another sample's boundary token"));
        ProbeOutput none = ProbeOutputParser.parse(sample("a1").replace(" token=" + T, ""), T);
        assertFalse(none.complete());
        assertTrue(none.sections().isEmpty());
    }

    @Test
    void aCutSampleIsNeverComplete() {
        String whole = sample("a1", "a2");
        int end = whole.indexOf(M + "end") + (M + "end").length();
        for (int cut = 0; cut < end; cut++) {
            assertFalse(ProbeOutputParser.parse(whole.substring(0, cut), T).complete(), "cut at " + cut);
        }
        assertTrue(ProbeOutputParser.parse(whole, T).complete());
    }

    @Test
    void legacyRecordingsWithoutATokenStillParse() {
        ProbeOutput o = ProbeOutputParser.parse("@@bedside:probe version=1 uid=0\n@@bedside:section a ok\nx\n@@bedside:end\n");
        assertTrue(o.complete());
        assertEquals(List.of("x"), o.section("a").orElseThrow().lines());
    }

    @Test
    void freshBoundariesDiffer() {
        assertFalse(ProbeBoundary.fresh().token().equals(ProbeBoundary.fresh().token()));
        assertEquals(32, ProbeBoundary.fresh().token().length());
        ProbeBoundary b = ProbeBoundary.fresh();
        assertTrue(b.carriedBy("junk from a login script\n@@bedside:probe version=2 token=" + b.token() + " uid=0\n"));
        assertFalse(b.carriedBy("@@bedside:probe version=2 token=" + T + " uid=0\n"));
    }

    @Test
    void decodingTakesTheKernelsEscapesAndKeepsInvalidUtf8Exact() {
        assertEquals("a\tb\nc\\d", WireText.decode("a\\tb\\nc\\\\d"));
        assertEquals("\u001b[31m", WireText.decode("\\x1b[31m"));
        assertEquals("sp ace", WireText.decode("sp\\040ace"));
        assertEquals("中", WireText.decode("\\xe4\\xb8\\xad"));
        String bad = WireText.decode("\\xff\\xe4\\xb8");
        assertEquals("\udcff\udce4\udcb8", bad);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xe4, (byte) 0xb8}, WireText.bytes(bad));
        assertEquals("\\q \\x4", WireText.decode("\\q \\x4"));
    }

    /** The probe's awk enc() against the Java decoder: random bytes through a real awk come back exact. */
    @ParameterizedTest
    @ValueSource(strings = {"awk", "mawk", "busybox"})
    void theProbesEscapingRoundTripsEveryByte(String awk) throws Exception {
        List<String> cmd = switch (awk) {
            case "busybox" -> List.of("/bin/busybox", "awk");
            case "mawk" -> List.of("/usr/bin/mawk");
            default -> List.of("awk");
        };
        assumeTrue(awk.equals("awk") || Files.isExecutable(Path.of(cmd.get(0))), awk + " is installed");
        String probe = ProbeFiles.script();
        int a = probe.indexOf("bs_encawk='") + "bs_encawk='".length();
        String functions = probe.substring(a, probe.indexOf("\n'\n", a));
        Random r = new Random(7);
        List<byte[]> inputs = new ArrayList<>();
        StringBuilder hexLines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1 + r.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (1 + r.nextInt(255));
                if (b[k] == '\n') {
                    b[k] = '\r';
                }
            }
            inputs.add(b);
        }
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        for (byte[] b : inputs) {
            in.writeBytes(b);
            in.write('\n');
        }
        List<String> argv = new ArrayList<>(cmd);
        argv.add(functions + "\n{ print enc($0) \"\\t\" enc($0, 1) }");
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(in.toByteArray());
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = ProbeOutputParser.splitLines(new String(out, StandardCharsets.UTF_8));
        assertEquals(inputs.size(), lines.size());
        for (int i = 0; i < inputs.size(); i++) {
            String[] two = lines.get(i).split("\t", -1);
            assertEquals(2, two.length, "one TAB between the two forms: " + lines.get(i));
            for (String wire : two) {
                assertTrue(wire.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + wire);
                assertArrayEquals(inputs.get(i), WireText.bytes(WireText.decode(wire)), "exact bytes back: " + wire);
            }
            assertFalse(two[1].contains(" "), "no space in the word form");
        }
    }

    @Test
    void theProbeCarriesBedsidesTokenAndMakesOneWithoutIt() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isDirectory(Path.of("/proc/self")));
        String script = "BS_TOKEN=" + T + "\nBS_LIGHT=1\n" + ProbeFiles.script();
        ProbeOutput o = ProbeOutputParser.parse(run(script), T);
        assertTrue(o.complete(), o.problems().toString());
        ProbeOutput own = ProbeOutputParser.parse(run("BS_TOKEN='not a token'\nBS_LIGHT=1\n" + ProbeFiles.script()));
        assertTrue(own.complete());
        assertTrue(own.header().get("token").matches("[0-9a-f-]{32,}"), own.header().toString());
    }

    private static String run(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] b = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String(b, StandardCharsets.UTF_8);
    }
}
