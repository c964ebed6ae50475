package io.bedside.model.ipc;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ProbeBoundary;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SampleParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A host that runs containers has many IPC namespaces, and segment ids repeat across them: the
 * first segment of every namespace is id 0. Here the probe runs in a fresh IPC namespace A holding
 * one segment that nobody maps (a leak), while a process in a second namespace B maps B's own
 * segment with the same id. The leak must stay a leak: B's mapping counts only in B. Needs root
 * (unshare -i), util-linux unshare and python3.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IpcNamespacesOnThisMachineTest {
    private static final Path PROBE = io.bedside.model.probe.ProbeFiles.PROBE;
    private static final Path SHM = Path.of("src/test/resources/io/bedside/model/probe/shm.py").toAbsolutePath();

    @Test
    void aMappingInAnotherIpcNamespaceDoesNotHideALeak() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/ns")) && Files.isRegularFile(PROBE), "needs Linux and the probe");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/bin/python3")), "needs unshare and python3");
        assumeTrue(new ProcessBuilder("/usr/bin/unshare", "-i", "true").start().waitFor() == 0, "needs root for unshare -i");
        ProbeBoundary b = ProbeBoundary.fresh();
        Path script = Files.createTempFile("bedside-probe-", ".sh");
        try {
            Files.writeString(script, b.wrap(io.bedside.model.probe.ProbeFiles.script()));
            String inA = "set -e\n"
                    + "a=$(python3 '" + SHM + "')\n"                                   // A's segment, mapped by nobody
                    + "unshare -i python3 '" + SHM + "' attach > \"$T.b\" &\n"          // B's segment, same id, mapped
                    + "bpid=$!\n"
                    + "while [ ! -s \"$T.b\" ]; do sleep 0.1; done\n"
                    + "echo \"a=$a b=$(cat \"$T.b\") bpid=$bpid\" >&2\n"
                    + "sh -s < '" + script + "'\n"
                    + "kill $bpid\n";
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/unshare", "-i", "/bin/sh", "-c", inA)
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("T", script.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ran in namespace A");
            assertTrue(err.contains("a=0 b=0"), "both namespaces' first segment is id 0: " + err);
            int bpid = Integer.parseInt(err.replaceAll("(?s).*bpid=(\\d+).*", "$1"));

            Sample s = Playbooks.parser().parse("ns-a", Instant.now(), out, 0, null, b.token());
            assertTrue(s.output().complete(), s.problems().toString());
            ShmSegment seg = IpcSnapshot.of(s).shmSegments().get().orElseThrow().rows().stream().filter(x -> x.shmid() == 0).findFirst().orElseThrow();
            ShmAttachments att = IpcSnapshot.of(s).shmAttachments().get().orElseThrow();
            assertEquals(List.of(), att.of(seg), "no process of namespace A maps segment 0");
            assertTrue(att.elsewhere().stream().anyMatch(a -> a.pid() == bpid && a.shmid().getAsInt() == 0),
                    "B's mapping of its own segment 0 is kept apart: " + att.elsewhere());
            assertTrue(att.namespace().isPresent(), "the probe said which namespace it covers");
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(Path.of(script + ".b"));
        }
    }
}
