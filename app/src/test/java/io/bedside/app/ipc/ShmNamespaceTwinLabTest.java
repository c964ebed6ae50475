package io.bedside.app.ipc;

import io.bedside.model.playbooks.Playbooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.cli.Args;
import io.bedside.app.cli.ConsolePrompter;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import io.bedside.model.ipc.IpcRules;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.probe.ProbeBoundary;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.ipc.IpcViewModel;
import io.bedside.ui.ipc.ShmRow;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, item 11, on a real host: the lab host's IPC namespace (A) holds a shared memory
 * segment nobody maps, whose creator is gone (a leak); a process in a second IPC namespace (B,
 * {@code unshare -i} inside the lab host, as a container) makes its own segment with the same id
 * and keeps it mapped ({@code lab/incidents/shm-namespace-twin.sh}). Bedside, attached through the
 * real sshd with administrative access, must call A's segment orphaned exactly as it does without
 * B (the control), must not count B's process as attached to it, must say which namespace its
 * findings and its IPC view cover, and its removal fix removes A's segment and leaves B's alone.
 */
@WithLab
class ShmNamespaceTwinLabTest {
    private static final String SCRIPT = "shm-namespace-twin.sh";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LabCli cli = new LabCli();

    /** {@code leak shmid=0 bytes=65536 ...} from the drill's output: the fields of the line starting with {@code what}. */
    private static Map<String, String> line(String made, String what) {
        String l = made.lines().filter(x -> x.startsWith(what + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + what + "' line in:\n" + made));
        Map<String, String> m = new HashMap<>();
        for (String w : l.substring(what.length() + 1).split(" ")) {
            int eq = w.indexOf('=');
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return m;
    }

    private static JsonNode finding(JsonNode diag, String id) {
        for (JsonNode f : diag.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        return null;
    }

    private static JsonNode subject(JsonNode finding, int shmid) {
        for (JsonNode s : finding.get("subjects")) {
            if (s.get("shmid").asInt() == shmid) {
                return s;
            }
        }
        return null;
    }

    /** The evidence of {@code finding} that says which IPC namespace it covers. */
    private static JsonNode namespaceEvidence(JsonNode finding) {
        for (JsonNode e : finding.get("evidence")) {
            if (e.get("source").asText().equals("shm-attach") && e.get("caption").asText().startsWith("covers ")) {
                return e;
            }
        }
        return null;
    }

    /** Rows of /proc/sysvipc/shm in the lab host's IPC namespace (A), or in that of pid {@code nsOf}: shmid -> fields. */
    private static Map<Integer, String[]> shmTable(Lab lab, String nsOf) {
        String text = lab.exec((nsOf == null ? "" : "nsenter -t " + nsOf + " -i ") + "cat /proc/sysvipc/shm");
        Map<Integer, String[]> rows = new HashMap<>();
        text.lines().skip(1).forEach(l -> {
            String[] f = l.trim().split("\\s+");
            rows.put(Integer.parseInt(f[1]), f);
        });
        return rows;
    }

    private JsonNode diagnose(Lab lab) throws Exception {
        int status = cli.run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo", "--json");
        assertNotEquals(3, status, "a complete sample: " + cli.both());
        return JSON.readTree(cli.out());
    }

    /** The fix preview (nothing runs): its text. */
    private String preview(Lab lab) {
        assertEquals(3, cli.run("fix", "-F", lab.sshConfig().toString(), lab.alias(), "ipc.shm.remove-orphans", "--sudo"),
                cli.both());
        assertTrue(cli.out().contains("Nothing was changed."), cli.out());
        return cli.out();
    }

    /** The plan's line for segment {@code shmid}: {@code ipcrm -m ID    # key ..., N bytes, cpid P, ...}. */
    private static String planLine(String preview, int shmid) {
        return preview.lines().filter(l -> l.trim().startsWith("ipcrm -m " + shmid + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("segment " + shmid + " is not in the plan:\n" + preview));
    }

    @Test
    void aLeakStaysALeakWhenAnotherIpcNamespaceMapsTheSameId(Lab lab) throws Exception {
        String labNs = lab.exec("readlink /proc/self/ns/ipc").trim().replaceAll("[^0-9]", "");
        try {
            // ---------------------------------------------------------------- control: A's leak alone
            Map<String, String> leak0 = line(LabCli.incident(lab, SCRIPT, "--no-twin"), "leak");
            int id = Integer.parseInt(leak0.get("shmid"));
            assertEquals(0, id, "the first segment of the lab host's namespace");
            assertEquals(labNs, leak0.get("ipcns"));
            JsonNode control = diagnose(lab);
            JsonNode orphan0 = finding(control, IpcRules.SHM_ORPHANED);
            assertNotNull(orphan0, "the leak is reported without a second namespace: " + control);
            JsonNode s0 = subject(orphan0, id);
            assertNotNull(s0, orphan0.toString());
            assertEquals(65536, s0.get("bytes").asLong());
            assertEquals(leak0.get("cpid"), s0.get("cpid").asText());
            JsonNode ns0 = namespaceEvidence(orphan0);
            assertNotNull(ns0, "the finding says which namespace it covers: " + orphan0);
            assertTrue(ns0.get("caption").asText().startsWith("covers IPC namespace " + labNs + " (the probe's own)"),
                    ns0.toString());
            String preview0 = preview(lab);
            assertTrue(planLine(preview0, id).contains("65536 bytes, cpid " + leak0.get("cpid")), preview0);

            // ---------------------------------------------------------------- B: the same id, mapped, in a second namespace
            String made = LabCli.incident(lab, SCRIPT);
            Map<String, String> leak = line(made, "leak");
            Map<String, String> twin = line(made, "twin");
            Map<String, String> user = line(made, "user");
            String twinPid = twin.get("pid");
            int userId = Integer.parseInt(user.get("shmid"));
            assertEquals(labNs, user.get("ipcns"), made);
            assertEquals(Integer.toString(id), leak.get("shmid"), made);
            assertEquals(Integer.toString(id), twin.get("shmid"), "the twin's segment has the leak's id: " + made);
            assertNotEquals(labNs, twin.get("ipcns"), made);
            // the kernel's own view of both namespaces: A's segment is attached by nobody, B's once
            assertEquals("0", shmTable(lab, null).get(id)[6], "nattch of A's segment");
            String[] b = shmTable(lab, twinPid).get(id);
            assertEquals("1", b[6], "nattch of B's segment");
            assertEquals("4096", b[3]);

            // the sample is whole and every shm-attach line was understood
            assertEquals(0, cli.run("snapshot", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo", "--json"), cli.both());
            JsonNode snap = JSON.readTree(cli.out());
            assertTrue(snap.get("probe").get("complete").asBoolean(), snap.toString());
            snap.get("problems").forEach(pr -> assertNotEquals("shm-attach", pr.get("source").asText(), pr.toString()));

            JsonNode diag = diagnose(lab);
            JsonNode orphan = finding(diag, IpcRules.SHM_ORPHANED);
            assertNotNull(orphan, "A's leak is still reported though B's process maps a segment " + id + ": " + diag);
            JsonNode s = subject(orphan, id);
            assertNotNull(s, "segment " + id + " is still called orphaned: " + orphan);
            assertEquals(65536, s.get("bytes").asLong(), "A's segment, not B's");
            assertEquals(leak.get("cpid"), s.get("cpid").asText());
            assertEquals(0, s.get("nattch").asInt());
            assertFalse(s.get("reason").asText().contains(twinPid), "B's process is not counted: " + s);
            // the same finding as without B (ids, sizes, owners, summary); only the new segment's times and creator differ
            assertEquals(orphan0.get("summary").asText(), orphan.get("summary").asText());
            assertEquals(orphan0.get("severity").asText(), orphan.get("severity").asText());
            assertEquals(orphan0.get("subjects").size(), orphan.get("subjects").size());
            assertEquals(orphan0.get("fixes"), orphan.get("fixes"));
            // it says which namespace it covers, and that B's mapping was seen and not counted
            JsonNode ns = namespaceEvidence(orphan);
            assertNotNull(ns, orphan.toString());
            String caption = ns.get("caption").asText();
            assertTrue(caption.startsWith("covers IPC namespace " + labNs + " (the probe's own); "), caption);
            assertTrue(caption.contains("mapping(s) of processes in other IPC namespaces not counted"), caption);
            List<String> apart = new ArrayList<>();
            ns.get("lines").forEach(l -> apart.add(l.asText()));
            assertTrue(apart.stream().anyMatch(l -> l.startsWith("pid=" + twinPid + " ") && l.contains(" shmid=" + id + " ")
                    && l.contains(" ipcns=" + twin.get("ipcns") + " ")), "B's mapping is listed apart: " + apart);
            ns0.get("lines").forEach(l -> assertFalse(l.asText().startsWith("pid=" + twinPid + " "), "control: " + l));
            // A's own process that maps A's segment is counted in A, not set apart
            assertTrue(apart.stream().noneMatch(l -> l.startsWith("pid=" + user.get("pid") + " ")), "A's mapping is A's: " + apart);
            assertNull(subject(orphan, userId), "the segment A's process maps is in use: " + orphan);
            // no finding anywhere counts B's process against this host's segments
            for (JsonNode f : diag.get("findings")) {
                if (f.get("id").asText().startsWith("ipc.") && !f.get("id").asText().equals(IpcRules.SHM_ORPHANED)) {
                    assertFalse(f.get("summary").asText().contains("segment"), "no other shared memory finding: " + f);
                }
            }

            // the text a person reads
            cli.run("diagnose", "-F", lab.sshConfig().toString(), lab.alias(), "--sudo");
            String text = cli.out();
            assertTrue(text.lines().anyMatch(l -> l.contains("] " + IpcRules.SHM_ORPHANED + ": 1 orphaned shared memory segment holds 64.0 KiB, with nothing attached")),
                    text);

            // the removal plan has A's segment (A's size and creator) and nothing of B's
            String preview = preview(lab);
            String planned = planLine(preview, id);
            assertTrue(planned.contains("65536 bytes, cpid " + leak.get("cpid") + ", lpid 0, ctime " + leak.get("ctime")), planned);
            assertFalse(preview.contains("4096 bytes"), preview);
            assertFalse(preview.contains("cpid " + twinPid), preview);
            assertEquals(preview0.lines().filter(l -> l.trim().startsWith("ipcrm -m ")).count(),
                    preview.lines().filter(l -> l.trim().startsWith("ipcrm -m ")).count(), "the same plan as without B");
            assertEquals(0, cli.run("fix", "-F", lab.sshConfig().toString(), lab.alias(), "ipc.shm.remove-orphans", "--sudo",
                    "--dry-run"), cli.both());
            assertTrue(cli.out().contains("would run: Remove shared memory segment " + id + " "), "the re-check in A passes: " + cli.out());
            assertFalse(cli.out().lines().anyMatch(l -> l.startsWith("  skipped: ") || l.startsWith("  failed: ")), cli.out());

            // applied: A's leak is gone, B's segment of the same id is still there and still mapped
            assertEquals(0, cli.run("fix", "-F", lab.sshConfig().toString(), lab.alias(), "ipc.shm.remove-orphans", "--sudo",
                    "--yes"), cli.both());
            assertTrue(cli.out().contains("Verification: PASSED"), cli.out());
            assertNull(shmTable(lab, null).get(id), "A's leak was removed");
            String[] after = shmTable(lab, twinPid).get(id);
            assertNotNull(after, "B's segment " + id + " is left alone");
            assertEquals("1", after[6], "and still mapped by B's process");
            assertNotNull(shmTable(lab, null).get(userId), "the segment in use in A is kept");
            assertEquals(twin.get("ipcns"), lab.exec("readlink /proc/" + twinPid + "/ns/ipc").trim().replaceAll("[^0-9]", ""),
                    "B's process still runs");
            JsonNode later = diagnose(lab);
            assertNull(finding(later, IpcRules.SHM_ORPHANED), "nothing orphaned is left in A: " + later);
        } finally {
            LabCli.incident(lab, SCRIPT, "--reset");
        }
    }

    @Test
    void theIpcViewSaysWhichNamespaceItCoversAndShowsTheLeakOrphaned(Lab lab) throws Exception {
        String labNs = lab.exec("readlink /proc/self/ns/ipc").trim().replaceAll("[^0-9]", "");
        // ids cycle inside a namespace: this test may run after the other, so it names its id
        int id = 7;
        String made = LabCli.incident(lab, SCRIPT, "--id", Integer.toString(id));
        try {
            String twinPid = line(made, "twin").get("pid");
            Map<String, String> user = line(made, "user");
            Sample sample = sampleAsRoot(lab);
            assertTrue(sample.output().complete(), sample.problems().toString());

            startFx();
            IpcViewModel vm = FxThread.callAndWait(() -> {
                IpcViewModel m = new IpcViewModel(new CurrentThreadTaskRunner());
                m.accept(sample);
                return m;
            });
            List<ShmRow> rows = FxThread.callAndWait(() -> List.copyOf(vm.shms().allRows()));
            ShmRow row = rows.stream().filter(r -> r.id() == id).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for segment " + id + ": " + rows));
            assertEquals(65536, row.bytes(), "A's segment, not B's");
            assertEquals("orphaned", row.verdict(), row.toString());
            assertTrue(row.orphaned());
            assertFalse(row.reason().contains(twinPid), row.reason());
            assertEquals("none", row.attached(), "B's process is not shown attached to A's segment " + id);
            ShmRow used = rows.stream().filter(r -> r.id() == Integer.parseInt(user.get("shmid"))).findFirst().orElseThrow();
            assertEquals("in use", used.verdict(), used.toString());
            assertTrue(used.attached().endsWith("(pid " + user.get("pid") + ")"), "A's process maps A's segment: " + used.attached());
            String scope = FxThread.callAndWait(() -> vm.scopeProperty().get());
            assertTrue(scope.startsWith("Covers IPC namespace " + labNs + " (the probe's own); "), scope);
            assertTrue(scope.contains("mapping(s) by processes in other IPC namespaces (containers) are not counted."), scope);
            assertTrue(FxThread.callAndWait(() -> vm.findings().stream()
                    .anyMatch(f -> f.id().equals(IpcRules.SHM_ORPHANED))), "the view lists the finding");
        } finally {
            LabCli.incident(lab, SCRIPT, "--reset");
        }
    }

    /** One probe through the real sshd with sudo, as the window takes it. */
    private static Sample sampleAsRoot(Lab lab) throws Exception {
        Args a = Args.parse(List.of("snapshot", "-F", lab.sshConfig().toString(), lab.alias()));
        try (HostTransport t = Sources.system(a.ssh()).open(lab.alias(), new ConsolePrompter())) {
            ProbeBoundary b = ProbeBoundary.fresh();
            ProbeResult r = t.run(b.wrap(ProbeScript.text()), true, Duration.ofSeconds(60));
            return Playbooks.parser().parse(lab.alias(), Instant.now(), r.stdout(), r.roundTripMillis());
        }
    }

    private static void startFx() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException already) {
            up.countDown();
        }
        assertTrue(up.await(30, TimeUnit.SECONDS), "JavaFX started");
    }
}
