package io.bedside.app.cli;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.app.ModelFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.ValidationMessage;
import io.bedside.app.Sources;
import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import io.bedside.model.recording.Replay;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code snapshot --json} says of each playbook: on this machine, of a process, a listening
 * socket and a semaphore array the test makes; of host text that is not UTF-8; and that the schema
 * turns away a document with a renamed field, a wrong type or a missing key.
 */
class SnapshotPlaybooksTest {

    static JsonNode demo(String id, int index) throws IOException {
        List<Sample> samples = new Replay(BundledRecordings.open(id)).samples();
        return SnapshotSchemaTest.snapshot(samples.get(index < 0 ? samples.size() + index : index));
    }

    static Set<ValidationMessage> validate(JsonNode doc) {
        try {
            return SnapshotSchemaTest.schema().validate(doc);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first process of a demo's snapshot, to break in several ways. */
    static ObjectNode firstProcess(JsonNode doc) {
        return (ObjectNode) doc.at("/playbooks/memory/processes/processes/0");
    }

    @Test
    void theSchemaTurnsAwayARenamedFieldAWrongTypeAndAMissingKey() throws Exception {
        JsonNode good = demo("seed000-semaphores-full", 10);
        assertTrue(validate(good).isEmpty(), () -> "the untouched document validates: " + validate(good));
        assertTrue(good.at("/playbooks/ipc/sem/arrays").size() > 100, "seed 000 holds its 128 arrays");

        JsonNode renamed = good.deepCopy();
        ObjectNode p = firstProcess(renamed);
        p.set("oom_adj", p.remove("oom_score_adj"));
        assertInvalid(renamed, "oom_score_adj", "a process whose oom_score_adj is renamed oom_adj");

        JsonNode wrongType = good.deepCopy();
        ((ObjectNode) wrongType.at("/playbooks/ipc/sem/arrays/0")).put("semid", "7");
        assertInvalid(wrongType, "semid", "a semid written as a string");

        JsonNode missing = good.deepCopy();
        ((ObjectNode) missing.at("/playbooks/sockets")).remove("tcp");
        assertInvalid(missing, "tcp", "the sockets part without tcp");

        JsonNode zero = good.deepCopy();
        ((ObjectNode) zero.at("/playbooks/memory")).put("vmstat", 0);
        assertInvalid(zero, "vmstat", "a source written as a bare zero instead of its reading");

        JsonNode badStatus = good.deepCopy();
        ObjectNode absent = ((ObjectNode) badStatus.at("/playbooks/memory")).putObject("boots");
        absent.put("status", "gone").put("detail", "x");
        assertInvalid(badStatus, "boots", "a reading whose status is no token of the probe's");

        JsonNode state = good.deepCopy();
        ObjectNode states = (ObjectNode) state.at("/playbooks/sockets/tcp/states");
        states.put("CLOSE-WAIT", 1);
        assertInvalid(state, "CLOSE-WAIT", "a socket state by ss's name instead of the kernel's");
    }

    static void assertInvalid(JsonNode doc, String field, String what) throws IOException {
        Set<ValidationMessage> errors = validate(doc);
        assertFalse(errors.isEmpty(), what + " must not validate");
        assertTrue(errors.toString().contains(field), what + ": the errors name " + field + ": " + errors);
    }

    @Test
    void theDemosCarryTheirIncidents() throws Exception {
        JsonNode sem = demo("seed000-semaphores-full", 10);
        JsonNode arrays = sem.at("/playbooks/ipc/sem/arrays");
        long orphaned = 0;
        for (JsonNode a : arrays) {
            orphaned += a.at("/usage/verdict").asText().equals("orphaned") ? 1 : 0;
            assertEquals(a.at("/nsems").asInt(), a.at("/sempid").size(), "a pid per semaphore: " + a);
        }
        assertEquals(128, arrays.size(), "SEMMNI 128 arrays");
        assertEquals(128, sem.at("/playbooks/ipc/limits/semmni").asInt());
        assertTrue(orphaned > 100, "the leaked arrays are orphaned: " + orphaned);
        assertEquals("root", arrays.get(0).at("/owner/user").asText());

        List<Sample> oom = new Replay(BundledRecordings.open("seed003-oom-kill")).samples();
        int kills = 0;
        for (Sample s : oom) {
            for (JsonNode k : SnapshotSchemaTest.snapshot(s).at("/playbooks/memory/oom_kills/kills")) {
                kills++;
                assertTrue(k.get("pid").asInt() > 0 && !k.get("comm").asText().isEmpty() && k.get("kill_line").asText().contains("Killed process"), k.toString());
            }
        }
        assertTrue(kills > 0, "the OOM kill of seed 003 is in the snapshot of the sample that read it");

        boolean blocked = false;
        boolean closeWait = false;
        for (Sample s : new Replay(BundledRecordings.open("seed004-closewait-pipe")).samples()) {
            JsonNode j = SnapshotSchemaTest.snapshot(s).at("/playbooks/sockets");
            closeWait |= j.at("/tcp/states/CLOSE_WAIT").asInt() > 0;
            for (JsonNode b : j.at("/blocked_pipes/pipes")) {
                blocked = true;
                assertTrue(b.get("tids").size() > 0, b.toString());
                assertNotNull(b.get("readers"), b.toString());
            }
        }
        assertTrue(closeWait, "seed 004's CLOSE_WAIT sockets are counted under the kernel's state name");
        assertTrue(blocked, "seed 004's writer blocked on a full pipe is in the snapshot");
    }

    @Test
    void aSampleCutShortSaysSoForEverySourceItLostNeverAZero() throws Exception {
        io.bedside.model.probe.RawSample raw = BundledRecordings.open("seed004-closewait-pipe").samples().get(5);
        String out = raw.output();
        int cut = out.indexOf("@@bedside:section proc-fds");
        assertTrue(cut > 0, "the demo's probe output has a proc-fds section");
        // cut inside proc-fds: it and everything after it (proc-threads) were not received
        Sample s = Playbooks.parser().parse("lab-sockdemo", raw.receivedAt(), out.substring(0, cut + 200), raw.roundTripMillis());
        assertFalse(s.output().complete());
        JsonNode doc = SnapshotSchemaTest.snapshot(s);
        assertTrue(validate(doc).isEmpty(), () -> validate(doc).toString());
        JsonNode sockets = doc.at("/playbooks/sockets");
        assertEquals("not-received", sockets.at("/fds/status").asText(), sockets.get("fds").toString());
        assertFalse(sockets.at("/fds/detail").asText().isEmpty());
        assertFalse(sockets.get("fds").has("processes"), "no partial fd table");
        assertFalse(sockets.at("/threads/status").asText().equals("ok"), sockets.get("threads").toString());
        assertEquals(sockets.at("/threads/status").asText(), sockets.at("/blocked_pipes/status").asText(),
                "blocked pipes cannot be told without the threads");
        assertEquals("ok", sockets.at("/tcp/status").asText(), "what came before the cut is kept");
        assertTrue(sockets.at("/tcp/total").asInt() > 0);
    }

    @Test
    void textThatIsNotUtf8IsValidJsonAndReadsBackAsTheSameCharacters() throws Exception {
        String probe = ModelFixtures.text(HostileTextCliTest.FIXTURE);
        Sample s = Playbooks.parser().parse("lab-memdev", Instant.parse("2026-11-23T10:00:00Z"), probe, 12);
        byte[] bytes = SampleJson.JSON.writeValueAsBytes(SampleJson.snapshot(s));
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError("the JSON is valid UTF-8", e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains("\\uDCFF"), "the byte 0xff is the escape of its lone surrogate");
        JsonNode doc = SampleJson.JSON.readTree(bytes);
        assertTrue(validate(doc).isEmpty(), () -> validate(doc).toString());
        List<String> comms = new ArrayList<>();
        doc.at("/playbooks/memory/processes/processes").forEach(p -> comms.add(p.get("comm").asText()));
        assertTrue(comms.contains(HostileTextCliTest.NAME), "the name reads back exactly: " + comms);
        // another reader than the one that wrote it: python's json module
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Path f = Files.createTempFile("snapshot", ".json");
        try {
            Files.write(f, bytes);
            Process py = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8'));"
                            + "print(any(p['comm']=='\\x1b[31mred\\rok\\u202eexe\\udcff' for p in d['playbooks']['memory']['processes']['processes']))",
                    f.toString()).redirectErrorStream(true).start();
            String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(py.waitFor(30, TimeUnit.SECONDS));
            assertEquals("True", out, "python reads the same name");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void thisMachineShowsTheTestsOwnProcessSocketAndSemaphoreArray() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ipcmk")), "ipcmk (util-linux) is not installed");
        Process mk = new ProcessBuilder("ipcmk", "-S", "1").redirectErrorStream(true).start();
        String made = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, mk.waitFor(), made);
        Matcher m = Pattern.compile("Semaphore id: (\\d+)").matcher(made);
        assertTrue(m.find(), made);
        int semid = Integer.parseInt(m.group(1));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            long pid = ProcessHandle.current().pid();
            int adj = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            HeadlessCommands h = new HeadlessCommands(Sources.system(Args.parse(List.of("snapshot", "local", "--json")).ssh()),
                    new ConsolePrompter(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, h.snapshot(Args.parse(List.of("snapshot", "local", "--json"))), err.toString(StandardCharsets.UTF_8));
            JsonNode doc = SampleJson.JSON.readTree(out.toByteArray());
            assertTrue(validate(doc).isEmpty(), () -> validate(doc).toString());
            JsonNode pb = doc.get("playbooks");

            JsonNode me = find(pb.at("/memory/processes/processes"), "pid", pid);
            assertNotNull(me, "the test's JVM (pid " + pid + ") is among the processes");
            assertEquals(adj, me.get("oom_score_adj").asInt());
            assertTrue(me.get("oom_score").isInt() && me.get("rss_kb").asLong() > 10_000, "a JVM holds more than 10 MB: " + me);
            assertTrue(me.get("cmdline").asText().contains("java") || me.get("comm").asText().contains("java"), me.toString());

            JsonNode byPort = find(pb.at("/sockets/tcp/by_port"), "port", port);
            assertNotNull(byPort, "port " + port + " is counted: " + pb.at("/sockets/tcp/by_port"));
            assertEquals(1, byPort.at("/states/LISTEN").asInt(), byPort.toString());
            JsonNode byProc = find(pb.at("/sockets/tcp/by_process"), "pid", pid);
            assertNotNull(byProc, "the JVM holds its listening socket: " + pb.at("/sockets/tcp/by_process"));
            assertTrue(byProc.at("/states/LISTEN").asInt() >= 1, byProc.toString());
            JsonNode fds = find(pb.at("/sockets/fds/processes"), "pid", pid);
            assertNotNull(fds, "the JVM's fd table");
            assertEquals(fds.get("fd_count").asInt(), fds.get("fds").size(), "every fd of a readable process is listed");
            assertTrue(pb.at("/sockets/threads/threads").size() > 10, "the threads were read");

            JsonNode sem = find(pb.at("/ipc/sem/arrays"), "semid", semid);
            assertNotNull(sem, "semaphore array " + semid + " is listed: " + pb.at("/ipc/sem/arrays"));
            assertEquals(1, sem.get("nsems").asInt());
            long uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
            assertEquals(uid, sem.at("/owner/uid").asLong(), "ipcmk ran as the test's user");
            if (uid == 0) {
                assertEquals("root", sem.at("/owner/user").asText());
            }
            assertEquals(List.of(0), toInts(sem.get("sempid")), "no process has operated on it yet");
            assertEquals("orphaned", sem.at("/usage/verdict").asText(), sem.toString());
        } finally {
            Process rm = new ProcessBuilder("ipcrm", "-s", Integer.toString(semid)).redirectErrorStream(true).start();
            rm.getInputStream().readAllBytes();
            rm.waitFor();
        }
    }

    static JsonNode find(JsonNode array, String field, long value) {
        for (JsonNode n : array) {
            if (n.get(field).asLong() == value) {
                return n;
            }
        }
        return null;
    }

    static List<Integer> toInts(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
