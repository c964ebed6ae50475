package io.bedside.model.sockets;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Playbook;
import io.bedside.model.findings.Severity;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.OutputCut;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeOutputParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile host: one process holds so many fds that the transport's size cap cuts the probe's
 * output in the middle of proc-fds, before the culprit's fds. The findings must say the data is
 * missing, never explain it away, and keep their severity; the cut says which areas it touched.
 */
class CutOutputRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T03:10:00Z");

    /** python3 (pid 12747) holds 231 CLOSE_WAIT sockets and is blocked writing to a pipe nobody reads; a hog prints first. */
    private static String incident() {
        SocketProbeText t = new SocketProbeText().closeWait(231, 8080, 5000, 517);
        for (int pid = 200; pid < 260; pid++) {
            for (int fd = 3; fd < 400; fd++) {
                t.fd(pid, fd, "r", 'f', "/var/lib/hog/" + "x".repeat(60) + "/file-" + fd);
            }
            t.process(pid, 100 + pid, "hog", 1_048_576, true);
        }
        t.socketFds(12747, 10, 5000, 231).fd(12747, 2, "w", 'p', "pipe:[9001]").process(12747, 900, "python3", 1024, true)
                .thread(12747, 12747, 'S', "do_select", "-", "python3")
                .thread(12747, 12750, 'S', "anon_pipe_write", "1:0x2", "python3");
        return t.text();
    }

    /** The output as a transport capped at {@code cap} bytes hands it over (and the session ends it with a newline). */
    private static String capped(String text, int cap) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new String(b, 0, Math.min(cap, b.length), StandardCharsets.UTF_8) + "\n";
    }

    private static List<Finding> findings(ProbeOutput out) {
        return SocketRulesRun.evaluate(SocketSnapshot.from(out, new ArrayList<>()), NOW, List.of());
    }

    private static Finding closeWait(List<Finding> fs) {
        return fs.stream().filter(f -> f.id().equals(SocketRules.CLOSEWAIT_PILEUP)).findFirst().orElseThrow();
    }

    @Test
    void aCapInTheMiddleOfTheFdWalkIsSaidAndDoesNotLowerTheSeverity() {
        String whole = incident();
        Finding complete = closeWait(findings(ProbeOutputParser.parse(whole)));
        assertEquals(Severity.CRITICAL, complete.severity(), "blocked on a pipe nobody reads: " + complete.summary());
        assertTrue(complete.summary().contains("python3 (pid 12747)"), complete.summary());

        // the cap hits inside the hog's fd lines, long before python3's
        int at = whole.indexOf("pid=230 ");
        assertTrue(at > 0 && at < whole.indexOf("12747 10 "));
        ProbeOutput cut = ProbeOutputParser.parse(capped(whole, at + 17));
        assertFalse(cut.complete());
        List<Finding> fs = findings(cut);
        Finding pile = closeWait(fs);
        for (Finding f : fs) {
            assertFalse(f.summary().contains("closed them"), "missing data explained away: " + f.summary());
            assertFalse(String.valueOf(f.subjects()).contains("closed them"), "in a subject: " + f.subjects());
        }
        assertTrue(pile.summary().contains("probe output was cut"), pile.summary());
        assertEquals(Severity.CRITICAL, pile.severity(), "the missing owners do not make it milder");
        Map<String, Object> unknown = pile.subjects().get(0);
        assertTrue(String.valueOf(unknown.get("owner")).contains("cut"), String.valueOf(unknown.get("owner")));

        // which areas the cut touches, from the registry's sections: sockets (proc-fds, proc-threads), not IPC
        OutputCut c = OutputCut.of(cut, at + 17, Playbooks.sectionsInScriptOrder()).orElseThrow();
        assertEquals("proc-fds", c.cutShort().orElseThrow());
        assertTrue(c.notReceived().contains("proc-threads") && c.notReceived().contains("fd-deleted"), c.notReceived().toString());
        Playbook sockets = Playbooks.all().stream().filter(p -> p.id().equals("sockets")).findFirst().orElseThrow();
        Playbook ipc = Playbooks.all().stream().filter(p -> p.id().equals("ipc")).findFirst().orElseThrow();
        List<String> touched = c.touched(sockets.sections());
        assertTrue(touched.containsAll(List.of("proc-fds", "proc-threads")) && !touched.contains("ss-tcp"), touched.toString());
        assertEquals("proc-fds was cut short; proc-threads did not arrive", c.clause(List.of("proc-fds", "proc-threads")));
        assertEquals("proc-fds was cut short; fd-deleted, proc-threads and mountinfo did not arrive",
                c.clause(List.of("proc-fds", "fd-deleted", "proc-threads", "mountinfo")));
        assertEquals(List.of(), c.touched(ipc.sections()), "the IPC sections were printed before the cut");
        assertTrue(OutputCut.of(ProbeOutputParser.parse(whole), whole.length(), Playbooks.sectionsInScriptOrder()).isEmpty());
    }

    @Test
    void theLightSamplesAfterACutFullOneDoNotPassItsPartialFdTableOnAsWhole() {
        String whole = incident();
        int at = whole.indexOf("pid=230 ") + 17;
        ProbeOutput cutFull = ProbeOutputParser.parse(capped(whole, at));
        // the next samples are light: the fd and thread walks are skipped and would be carried from the full one
        String light = new SocketProbeText().closeWait(231, 8080, 5000, 517)
                .status(SocketSnapshot.FDS, "skipped light sample").status(SocketSnapshot.THREADS, "skipped light sample").text();
        ProbeOutput first = ProbeOutputParser.parse(light).carryForward(cutFull, NOW.minusSeconds(2));
        ProbeOutput second = ProbeOutputParser.parse(light).carryForward(first, NOW.minusSeconds(1));
        for (ProbeOutput out : List.of(first, second)) {
            assertTrue(out.complete());
            List<Finding> fs = findings(out);
            Finding pile = closeWait(fs);
            for (Finding f : fs) {
                assertFalse(f.summary().contains("closed them"), "a partial fd table passed on as whole: " + f.summary());
            }
            assertEquals(Severity.CRITICAL, pile.severity(), pile.summary());
            assertTrue(pile.summary().contains("probe output was cut"), pile.summary());
            OutputCut c = OutputCut.of(out, 1000, Playbooks.sectionsInScriptOrder()).orElseThrow(() -> new AssertionError("no cut told"));
            assertTrue(c.earlier());
            assertEquals(List.of("proc-fds", "proc-threads"), c.notReceived());
        }
        // a whole full sample ends it
        ProbeOutput next = ProbeOutputParser.parse(light).carryForward(ProbeOutputParser.parse(whole), NOW);
        assertTrue(OutputCut.of(next, 1000, Playbooks.sectionsInScriptOrder()).isEmpty());
        assertEquals(Severity.CRITICAL, closeWait(findings(next)).severity());
        assertTrue(closeWait(findings(next)).summary().contains("python3 (pid 12747)"));
    }

    @Test
    void everyPlaybookOwnsTheSectionsItsPartReads() {
        Map<String, List<String>> reads = Map.of("ipc", io.bedside.model.ipc.IpcSnapshot.SECTIONS,
                "memory", io.bedside.model.memory.MemorySnapshot.SECTIONS, "sockets", SocketSnapshot.SECTIONS,
                "disk", io.bedside.model.disk.DiskSnapshot.SECTIONS, "cpu", io.bedside.model.cpu.CpuSnapshot.SECTIONS,
                "procs", io.bedside.model.procs.ProcsSnapshot.SECTIONS, "net", io.bedside.model.net.NetSnapshot.SECTIONS);
        for (Playbook p : Playbooks.all()) {
            List<String> want = reads.getOrDefault(p.id(), List.of());
            assertTrue(p.sections().containsAll(want), p.id() + " reads " + want + " but owns " + p.sections());
        }
        assertTrue(Playbooks.sectionsInScriptOrder().get(0).containsAll(List.of("host", "meminfo", "loadavg", "pressure-memory")));
    }
}
