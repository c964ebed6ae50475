package io.bedside.model.sample;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeStats;
import io.bedside.model.session.SampleHistory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap a parsed sample holds, as {@link HeapEstimate} puts it at parse time, against the heap
 * measured: samples parsed and kept, the used heap after a full collection before and after. The
 * histories are bounded by the estimate, so it must not be far below what the heap really holds.
 */
class SampleHeapTest {
    private static final SampleParser PARSER = Playbooks.parser();
    /** A full root sample of the lab's CLOSE_WAIT incident (about 60 kB). */
    private static final String FIXTURE = "/fixtures/sockets/probe-lab-closewait-pipe-root-t0.txt";

    @Test
    void theEstimateOfABigSampleIsWithinAFactorOfTwoOfTheMeasuredHeap() throws Exception {
        String text = grown(fixture(), 4_000_000);
        Ratio r = measure(text, 6);
        System.out.printf(Locale.ROOT, "big sample: %d bytes of output, estimated %d, measured %d bytes of heap each (%.2fx the output)%n",
                text.length(), r.estimated, r.measured, r.measured / (double) text.length());
        assertTrue(r.estimated > r.measured / 2 && r.estimated < r.measured * 2,
                "estimated " + r.estimated + " vs measured " + r.measured + " bytes per sample");
    }

    /**
     * A light sample carries the full one's socket, fd and thread lists as the same objects: its
     * estimate counts what it read itself, not them again (else a big host's history held 2 samples).
     */
    @Test
    void aLightSampleIsNotChargedForWhatItSharesWithTheFullOneBefore() throws Exception {
        String full = grown(fixture(), 2_000_000);
        Sample f = PARSER.parse("host", Instant.ofEpochSecond(100), full, 1);
        Sample l = PARSER.parse("host", Instant.ofEpochSecond(102), light(full), 1, f);
        long hot = io.bedside.model.sockets.SocketSnapshot.of(l).tcp().get().orElseThrow().sockets().stream()
                .filter(x -> x.state() == io.bedside.model.sockets.SocketState.CLOSE_WAIT).count();
        assertTrue(hot > 1000, "the light sample read its CLOSE-WAIT sockets afresh: " + hot);
        long fullHeap = f.stats().heapBytes();
        long lightHeap = l.stats().heapBytes();
        System.out.printf(Locale.ROOT, "full sample %d bytes of heap, the light one after it %d%n", fullHeap, lightHeap);
        assertTrue(lightHeap < fullHeap / 3, "light " + lightHeap + " vs full " + fullHeap);
        assertTrue(lightHeap > 100L * hot, "the fresh sockets count: " + lightHeap);
    }

    /** The light output a probe prints on {@code full}'s host: the walks skipped, the sockets in CLOSE-WAIT afresh. */
    private static String light(String full) {
        java.util.Set<String> skipped = java.util.Set.of("ss-tcp", "proc-fds", "proc-threads", "procs-mem", "fd-deleted");
        StringBuilder out = new StringBuilder();
        String mark = null;
        String section = null;
        StringBuilder hot = null;
        for (String line : full.split("\n", -1)) {
            if (line.startsWith("@@bedside:probe ")) {
                // a capture from before the boundary token marks its sections "@@bedside:section"
                mark = line.contains(" token=") ? "@@bedside:" + line.replaceAll(".* token=([0-9a-f-]+).*", "$1") + ":" : "@@bedside:";
                out.append(line).append('\n');
                continue;
            }
            if (mark != null && line.startsWith(mark)) {
                if (hot != null) {
                    out.append(hot);
                    hot = null;
                }
                String[] w = line.substring(mark.length()).split(" ");
                section = w.length > 1 && w[0].equals("section") ? w[1] : null;
                if (section != null && skipped.contains(section)) {
                    out.append(mark).append("section ").append(section).append(" skipped light sample\n");
                    if (section.equals("ss-tcp")) {
                        hot = new StringBuilder(mark + "section ss-tcp-hot ok ss -tane state close-wait\n");
                    }
                    continue;
                }
                out.append(line).append('\n');
                continue;
            }
            if (section != null && skipped.contains(section)) {
                if (hot != null && (line.startsWith("State ") || line.startsWith("CLOSE-WAIT "))) {
                    hot.append(line).append('\n');
                }
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    @Test
    void theEstimateOfATypicalSampleIsWithinAFactorOfTwoOfTheMeasuredHeap() throws Exception {
        String text = fixture();
        Ratio r = measure(text, 200);
        System.out.printf(Locale.ROOT, "typical sample: %d bytes of output, estimated %d, measured %d bytes of heap each%n",
                text.length(), r.estimated, r.measured);
        assertTrue(r.estimated > r.measured / 2 && r.estimated < r.measured * 2,
                "estimated " + r.estimated + " vs measured " + r.measured + " bytes per sample");
    }

    @Test
    void aHistoryKeepsWhatFitsItsHeapAndNeverFewerThanTwo() {
        SampleHistory h = new SampleHistory(450, 100);
        for (int i = 0; i < 10; i++) {
            h.add(sampleOfHeap(i, 30));
        }
        assertEquals(3, h.size(), "three of 30 bytes fit in 100");
        assertEquals(90, h.heapBytes());
        assertEquals(Instant.ofEpochSecond(9), h.newest().sampledAt());
        h.add(sampleOfHeap(10, 150));
        assertEquals(2, h.size(), "the newest and the one before it are kept beyond the budget");
        assertEquals(List.of(Instant.ofEpochSecond(9), Instant.ofEpochSecond(10)),
                h.toList().stream().map(Sample::sampledAt).toList());
        h.add(sampleOfHeap(11, 40));
        assertEquals(2, h.size());
        assertEquals(190, h.heapBytes());
        h.add(sampleOfHeap(12, 1000));
        assertEquals(1, h.size(), "a sample of more than twice the budget is kept alone");
        assertEquals(Instant.ofEpochSecond(12), h.newest().sampledAt());
        SampleHistory byCount = new SampleHistory(5, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            byCount.add(sampleOfHeap(i, 30));
        }
        assertEquals(5, byCount.size());
    }

    @Test
    void theByteCountOfTheOutputIsItsUtf8Length() {
        for (String s : List.of("", "abc", "é", "日本", "a\uD83D\uDE00b", "x\uD800y")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, SampleParser.utf8Length(s), s);
        }
    }

    private record Ratio(long estimated, long measured) {
    }

    /** The average estimated and measured heap of one of {@code n} samples of {@code text}, all kept. */
    private static Ratio measure(String text, int n) throws InterruptedException {
        PARSER.parse("warm-up", Instant.EPOCH, text, 1);
        long before = usedAfterGc();
        List<Sample> kept = new ArrayList<>();
        long estimated = 0;
        for (int i = 0; i < n; i++) {
            // each its own output, as each sample's arrives (its sections are views of that text)
            Sample s = PARSER.parse("host", Instant.ofEpochSecond(i), new String(text.toCharArray()), 1);
            kept.add(s);
            estimated += s.stats().heapBytes();
        }
        long after = usedAfterGc();
        assertEquals(n, kept.size());
        return new Ratio(estimated / n, (after - before) / n);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static Sample sampleOfHeap(int second, long heap) {
        Sample s = PARSER.parse("host", Instant.ofEpochSecond(second), "", 1);
        ProbeStats st = new ProbeStats(1, OptionalLong.empty(), OptionalLong.empty(), 0, heap);
        return new Sample(s.source(), s.sampledAt(), s.hostTime(), s.facts(), s.load(), s.memory(), s.memoryPressure(),
                s.parts(), st, s.problems(), s.output());
    }

    private static String fixture() throws IOException {
        try (InputStream in = SampleHeapTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code text} grown to about {@code bytes}: made-up sockets, fd links, processes and threads in the
     * probe's formats, for pids the sample does not have, appended to their sections.
     */
    static String grown(String text, long bytes) {
        StringBuilder ss = new StringBuilder();
        StringBuilder fds = new StringBuilder();
        StringBuilder threads = new StringBuilder();
        long size = text.length();
        for (int i = 0; size < bytes; i++) {
            int pid = 4_000_000 + i / 15;
            int ino = 90_000_000 + i;
            String sock = String.format(Locale.ROOT, "%s %d 0 10.%d.%d.%d:%d 10.9.%d.%d:443 ino:%d sk:%x%n",
                    i % 7 == 0 ? "CLOSE-WAIT" : "ESTAB", i % 7 == 0 ? 1 : 0, (i >> 16) & 255, (i >> 8) & 255, i & 255,
                    1024 + i % 60_000, (i >> 8) & 255, i & 255, ino, i);
            String fd = String.format(Locale.ROOT, "%d %d lrwx------ s socket:[%d]%n", pid, 3 + i % 15, ino);
            String thread = String.format(Locale.ROOT, "%d %d S 0 - worker-%d%n", pid, 5_000_000 + i, i % 15);
            ss.append(sock);
            fds.append(fd);
            threads.append(thread);
            size += sock.length() + fd.length() + thread.length();
        }
        Pattern marker = Pattern.compile("^@@bedside:(?:[0-9a-f-]+:)?(section|end)\\b ?(\\S*)");
        StringBuilder out = new StringBuilder((int) size + 1024);
        String current = null;
        for (String line : text.split("\n", -1)) {
            Matcher m = marker.matcher(line);
            if (m.find()) {
                if ("ss-tcp".equals(current)) {
                    out.append(ss);
                } else if ("proc-fds".equals(current)) {
                    out.append(fds);
                } else if ("proc-threads".equals(current)) {
                    out.append(threads);
                }
                current = m.group(1).equals("section") ? m.group(2) : null;
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
