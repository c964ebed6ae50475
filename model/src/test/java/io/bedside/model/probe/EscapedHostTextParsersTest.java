package io.bedside.model.probe;

import io.bedside.model.ipc.ShmAttachment;
import io.bedside.model.ipc.ShmAttachmentParser;
import io.bedside.model.ipc.ShmAttachments;
import io.bedside.model.memory.CgroupMemoryParser;
import io.bedside.model.memory.CgroupMemoryTable;
import io.bedside.model.memory.CgroupRef;
import io.bedside.model.memory.ProcessMemory;
import io.bedside.model.memory.ProcessMemoryParser;
import io.bedside.model.sockets.SsParser;
import io.bedside.model.sockets.TcpSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each parser that reads a field the probe escaped: the value comes back with the exact bytes,
 * and text inside it made to look like another field or a marker stays inside it. The lines are
 * what the probe prints for such names (its enc() is proven against real awks in
 * {@link ProbeFramingTest}).
 */
class EscapedHostTextParsersTest {
    /** A name that holds ESC, CR, a TAB, a newline, a space and text that reads like other fields. */
    private static final String WIRE_NAME = "a\\x1b[31m\\x0d\\x09b\\x0a shmkey=0xdeadbeef ipcns=1 \\xff";
    private static final String NAME = "a\u001b[31m\r\tb\n shmkey=0xdeadbeef ipcns=1 \udcff";

    @Test
    void shmAttachKeepsTheNameWholeAndTheNamespaceApart() {
        List<ParseProblem> problems = new ArrayList<>();
        ShmAttachments a = ShmAttachmentParser.parse(List.of(
                "self ipcns=4026531839",
                "pid=10 shmkey=0x6104e88b shmid=5 ipcns=4026531839 comm=" + WIRE_NAME,
                "pid=11 shmkey=0x00000000 shmid=5 ipcns=4026532201 comm=container\\x20app",
                "pid=12 shmkey=0x00000000 shmid=6 ipcns=? comm=x"), problems).orElseThrow();
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(OptionalLong.of(4026531839L), a.namespace());
        assertEquals(List.of(10, 12), a.attachments().stream().map(ShmAttachment::pid).toList());
        assertEquals(NAME, a.attachments().get(0).comm());
        assertEquals(0x6104e88b, a.attachments().get(0).key());
        assertEquals(1, a.elsewhere().size());
        assertEquals("container app", a.elsewhere().get(0).comm());
    }

    @Test
    void ssCgroupPathIsOneEscapedTokenAndCannotOverrideTheInode() {
        List<ParseProblem> problems = new ArrayList<>();
        TcpSocket s = SsParser.parseTcp(List.of(
                "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "CLOSE-WAIT 1 0 127.0.0.1:80 127.0.0.1:5000 ino:42 sk:1 cgroup:/user.slice/x\\x20ino:99\\x0aESTAB\\x1b -->"),
                problems).orElseThrow().sockets().get(0);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(OptionalLong.of(42), s.inode());
        assertEquals(Optional.of("/user.slice/x ino:99\nESTAB\u001b"), s.cgroup());
    }

    @Test
    void processTableNameCommandLineAndCgroupComeBackExact() {
        List<ParseProblem> problems = new ArrayList<>();
        ProcessMemory p = ProcessMemoryParser.parse(List.of(ProcessMemoryParser.HEADER,
                "7\tS\t1\t1000\t500\t2048\t0\t700\t0\tv2:/a\\x09b\t-\t" + WIRE_NAME + "\tpython3 -c x\\x0d\\x1b[2J"), problems)
                .orElseThrow().processes().get(0);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(NAME, p.comm());
        assertEquals("python3 -c x\r\u001b[2J", p.cmdline());
        assertEquals(Optional.of(new CgroupRef(2, "/a\tb")), p.cgroup());
    }

    @Test
    void cgroupTablePathComesBackExact() {
        List<ParseProblem> problems = new ArrayList<>();
        CgroupMemoryTable t = CgroupMemoryParser.parse(List.of("v2\t/evil\\x0av2\\x09/\tmax=100 current=5"), "v2=/sys/fs/cgroup v1=-",
                problems).orElseThrow();
        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(t.get(new CgroupRef(2, "/evil\nv2\t/")).isPresent(), t.cgroups().keySet().toString());
    }
}
