package io.bedside.model.ipc;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpcParsersTest {
    private final List<ParseProblem> problems = new ArrayList<>();

    private static List<String> lines(String fixture) {
        return Fixtures.text("ipc/" + fixture).lines().toList();
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keysAreShownAsThe32BitHexOfTheSignedDecimal() {
        assertEquals("0xd0f268e8", IpcKey.hex(-789419800));
        assertEquals("0xbb654244", IpcKey.hex(-1150991804));
        assertEquals("0x6104e88b", IpcKey.hex(1627711627));
        assertEquals("0x00000000", IpcKey.hex(0));
        assertEquals("0xffffffff", IpcKey.hex(-1));
        assertEquals(-1150991804, IpcKey.parseHex("0xbb654244").getAsInt());
        assertEquals(-789419800, IpcKey.parseDecimal("3505547496"), "an unsigned rendering folds to the same key");
        assertTrue(IpcKey.parseHex("0x123456789").isEmpty());
        assertTrue(IpcKey.parseHex("0xzz").isEmpty());
    }

    // ------------------------------------------------------------------ /proc/sysvipc/sem

    @Test
    void semCapturedOnDebian12WithANegativeKey() {
        IpcTable<SemArray> t = SemArrayParser.parse(lines("sysvipc-sem-debian12-kernel6.18.txt"), problems).orElseThrow();
        assertEquals(List.of(0, 1, 2, 3, 5), t.rows().stream().map(SemArray::semid).toList());
        assertEquals(0600, t.rows().get(4).perms());
        assertTrue(t.header().startsWith("       key      semid perms"));
        SemArray neg = t.rows().get(3);
        assertEquals(-789419800, neg.key());
        assertEquals("0xd0f268e8", neg.keyHex());
        assertEquals(3, neg.semid());
        assertEquals(0644, neg.perms());
        assertEquals("644", neg.permsOctal());
        assertEquals(3, neg.nsems());
        assertEquals(0, neg.uid());
        assertEquals(1795449736L, neg.otime());
        assertEquals(1795449733L, neg.ctime());
        assertEquals("-789419800          3   644          3     0     0     0     0 1795449736 1795449733", neg.line());
        SemArray never = t.rows().get(0);
        assertEquals("0x72aea983", never.keyHex());
        assertTrue(never.lastOperation().isEmpty(), "otime 0 is 'never', not the epoch");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void malformedSemRowsAreProblemsAndNotCounted() {
        IpcTable<SemArray> t = SemArrayParser.parse(lines("sysvipc-sem-malformed.txt"), problems).orElseThrow();
        assertEquals(List.of(32768, 32770), t.rows().stream().map(SemArray::semid).toList());
        assertEquals(1001, t.rows().get(1).uid());
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.source().equals("sysvipc-sem") && !p.line().isEmpty()));
        assertTrue(problems.get(0).message().contains("Expected 10 fields"), problems.get(0).message());
        assertTrue(problems.stream().anyMatch(p -> p.line().startsWith("9999999999") && p.message().contains("32-bit")));
        assertTrue(problems.stream().anyMatch(p -> p.line().contains("6x0") && p.message().contains("octal")));
        assertTrue(problems.stream().anyMatch(p -> p.line().contains("-1 ") && p.message().contains("nsems")));
    }

    @Test
    void emptyInputIsAProblemNotAnEmptyTable() {
        assertTrue(SemArrayParser.parse(List.of(), problems).isEmpty());
        assertTrue(ShmSegmentParser.parse(List.of("", "  "), problems).isEmpty());
        assertTrue(MsgQueueParser.parse(List.of(), problems).isEmpty());
        assertEquals(3, problems.size());
        assertTrue(problems.get(0).message().contains("empty"));
    }

    @Test
    void aHeaderAloneIsAnEmptyTable() {
        IpcTable<SemArray> t = SemArrayParser.parse(
                List.of("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime"), problems).orElseThrow();
        assertEquals(0, t.size());
        assertTrue(problems.isEmpty());
    }

    @Test
    void aTruncatedHeaderOrNoHeaderIsRejected() {
        assertTrue(SemArrayParser.parse(List.of("       key      semid perms      nse"), problems).isEmpty());
        assertTrue(problems.get(0).message().contains("lacks the column"), problems.get(0).message());
        assertTrue(SemArrayParser.parse(List.of("         0      32768   600          1     0     0     0     0          0 1700000000"),
                problems).isEmpty());
        assertTrue(problems.get(1).message().contains("header"), problems.get(1).message());
    }

    @Test
    void aRowCutShortIsNotCounted() {
        List<String> in = new ArrayList<>(lines("sysvipc-sem-debian12-kernel6.18.txt"));
        in.set(4, in.get(4).substring(0, 40));
        IpcTable<SemArray> t = SemArrayParser.parse(in, problems).orElseThrow();
        assertEquals(List.of(0, 1, 2, 5), t.rows().stream().map(SemArray::semid).toList());
        assertEquals(1, problems.size());
    }

    // ------------------------------------------------------------------ /proc/sysvipc/shm

    @Test
    void shmCapturedOnDebian12HasRssAndSwap() {
        IpcTable<ShmSegment> t = ShmSegmentParser.parse(lines("sysvipc-shm-debian12-kernel6.18.txt"), problems).orElseThrow();
        assertEquals(2, t.size());
        ShmSegment attached = t.rows().get(1);
        assertEquals(-1150991804, attached.key());
        assertEquals("0xbb654244", attached.keyHex());
        assertEquals(1, attached.shmid());
        assertEquals(8192, attached.size());
        assertEquals(30443, attached.cpid());
        assertEquals(30509, attached.lpid());
        assertEquals(1, attached.nattch());
        assertEquals(1795449737L, attached.atime());
        assertEquals(OptionalLong.of(0), attached.rss());
        assertEquals(OptionalLong.of(0), attached.swap());
        assertFalse(attached.markedForRemoval());
        ShmSegment leaked = t.rows().get(0);
        assertEquals(0, leaked.nattch());
        assertEquals(0, leaked.lpid());
        assertEquals(1, leaked.pages(4096));
        assertEquals(2, attached.pages(4096));
        assertEquals(1, new ShmSegment(0, 9, 0600, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, OptionalLong.empty(), OptionalLong.empty(), "")
                .pages(4096), "a 1-byte segment costs a whole page");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void shmOfKernel2632HasNoRssOrSwapAndKeepsTheDestAndLockedBits() {
        IpcTable<ShmSegment> t = ShmSegmentParser.parse(lines("sysvipc-shm-kernel2.6.32-norss-transcribed.txt"), problems)
                .orElseThrow();
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(4, t.size());
        assertTrue(t.rows().stream().allMatch(s -> s.rss().isEmpty() && s.swap().isEmpty()), "absent, not zero");
        ShmSegment seed001 = t.rows().get(0);
        assertEquals("0x6104e88b", seed001.keyHex());
        assertEquals(65536, seed001.size());
        assertEquals(48, seed001.uid());
        ShmSegment dest = t.rows().get(1);
        assertTrue(dest.markedForRemoval());
        assertFalse(dest.locked());
        assertEquals("600", dest.permsOctal());
        ShmSegment locked = t.rows().get(2);
        assertTrue(locked.locked());
        assertFalse(locked.markedForRemoval());
        assertEquals(268435456L, locked.size());
        assertEquals("0xa10bdc8b", t.rows().get(3).keyHex());
    }

    // ------------------------------------------------------------------ /proc/sysvipc/msg

    @Test
    void msgCapturedOnDebian12() {
        IpcTable<MsgQueue> t = MsgQueueParser.parse(lines("sysvipc-msg-debian12-kernel6.18.txt"), problems).orElseThrow();
        assertEquals(1, t.size());
        MsgQueue q = t.rows().get(0);
        assertEquals(0, q.msqid());
        assertEquals(13, q.cbytes());
        assertEquals(1, q.qnum());
        assertEquals(30511, q.lspid());
        assertEquals(0, q.lrpid());
        assertEquals("0x3fd96ebb", q.keyHex());
        assertTrue(problems.isEmpty());
    }

    // ------------------------------------------------------------------ ipc-limits

    @Test
    void limitsOfSeed000() {
        IpcLimits l = IpcLimitsParser.parse(List.of("kernel.sem=250 32000 32 128", "kernel.shmmax=18446744073692774399",
                "kernel.shmall=18446744073692774399", "kernel.shmmni=4096", "kernel.msgmni=31764", "kernel.msgmax=8192",
                "kernel.msgmnb=16384", "page_size=4096"), problems).orElseThrow();
        assertEquals(250, l.semmsl().getAsLong());
        assertEquals(32000, l.semmns().getAsLong());
        assertEquals(32, l.semopm().getAsLong());
        assertEquals(128, l.semmni().getAsLong());
        assertEquals(Long.MAX_VALUE, l.shmmax().getAsLong(), "2^64 - 2^24 - 1 saturates");
        assertEquals("kernel.shmmax=18446744073692774399", l.line("kernel.shmmax").orElseThrow());
        assertEquals(4096, l.shmmni().getAsLong());
        assertEquals(31764, l.msgmni().getAsLong());
        assertEquals(8192, l.msgmax().getAsLong());
        assertEquals(16384, l.msgmnb().getAsLong());
        assertEquals(4096, l.pageSize().getAsLong());
        assertEquals("250 32000 32 128", l.semValue().orElseThrow());
        assertTrue(problems.isEmpty());
    }

    @Test
    void aLimitThatWasNotReadIsAbsentAndABadOneIsAProblem() {
        IpcLimits l = IpcLimitsParser.parse(List.of("kernel.sem=250 32000 32", "kernel.shmmni=lots", "kernel.msgmni=32000",
                "kernel.msgmni=1", "vm.swappiness=60", "page_size=4096"), problems).orElseThrow();
        assertFalse(l.hasSem());
        assertTrue(l.semmni().isEmpty() && l.semmsl().isEmpty());
        assertTrue(l.semValue().isEmpty());
        assertTrue(l.shmmni().isEmpty());
        assertTrue(l.shmall().isEmpty(), "not reported: absent, never 0");
        assertEquals(32000, l.msgmni().getAsLong(), "the first of two is kept");
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("3 fields, not 4"));
    }

    // ------------------------------------------------------------------ sem-pids

    @Test
    void semPidsWithAnErrorLine() {
        List<SemLastOps> ops = SemLastOpsParser.parse(List.of(
                "semid=1 pids=30508,30507,30507 otime=1795449736 waiting=0",
                "semid=5 error=ipcs: semctl(GETVAL) failed: Permission denied",
                "semid=7 pids=0",
                "semid=8 pids=12,x otime=1",
                "pids=1,2",
                "semid=1 pids=1,1,1"), problems).orElseThrow();
        assertEquals(3, ops.size());
        SemLastOps one = ops.get(0);
        assertEquals(List.of(30508, 30507, 30507), one.pids());
        assertEquals(OptionalLong.of(1795449736), one.otime());
        assertEquals(OptionalInt.of(0), one.waiting());
        assertTrue(one.readable());
        SemLastOps err = ops.get(1);
        assertEquals(5, err.semid());
        assertEquals(Optional.of("ipcs: semctl(GETVAL) failed: Permission denied"), err.error());
        assertTrue(err.pids().isEmpty());
        assertTrue(ops.get(2).otime().isEmpty() && ops.get(2).waiting().isEmpty(), "optional fields stay absent");
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(2).message().contains("second line for semid 1"));
    }

    // ------------------------------------------------------------------ shm-attach

    @Test
    void shmAttachWithSpacesInCommAndWithoutShmid() {
        ShmAttachments a = ShmAttachmentParser.parse(List.of(
                "pid=30509 comm=python3 shmkey=0xbb654244 shmid=1",
                "pid=4711 comm=php-fpm: pool www shmkey=0x6104e88b shmid=32769",
                "pid=4712 comm=old probe shmkey=0x6104e88b",
                "pid=4711 comm=php-fpm: pool www shmkey=0x6104e88b shmid=32769",
                "unreadable=1,2",
                "pid=x comm=y shmkey=0x1",
                "pid=1 comm=z shmkey=6104e88b"), problems).orElseThrow();
        assertEquals(3, a.attachments().size(), "a mapping printed twice counts once");
        assertEquals("php-fpm: pool www", a.attachments().get(1).comm());
        assertEquals(OptionalInt.of(32769), a.attachments().get(1).shmid());
        assertEquals("0x6104e88b", a.attachments().get(2).keyHex());
        assertTrue(a.attachments().get(2).shmid().isEmpty());
        assertEquals(List.of(1, 2), a.unreadablePids());
        assertEquals(Optional.of("unreadable=1,2"), a.unreadableLine());
        assertEquals(2, problems.size());
        ShmSegment seg = new ShmSegment(0x6104e88b, 32769, 0666, 65536, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), "");
        assertEquals(List.of(4711, 4712), a.of(seg).stream().map(ShmAttachment::pid).toList());
    }

    @Test
    void aPrivateKeyMatchesOnlyByShmid() {
        ShmAttachment noId = new ShmAttachment(9, "x", 0, OptionalInt.empty(), "");
        ShmSegment priv = new ShmSegment(0, 65537, 0600, 4096, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), "");
        assertFalse(noId.maps(priv), "every IPC_PRIVATE segment has key 0: the key says nothing");
        assertTrue(new ShmAttachment(9, "x", 0, OptionalInt.of(65537), "").maps(priv));
    }

    // ------------------------------------------------------------------ pids-alive

    @Test
    void livePids() {
        LivePids p = LivePidsParser.parse(List.of("1 10 1062 30509 738"), problems).orElseThrow();
        assertTrue(p.alive(30509));
        assertFalse(p.alive(30507));
        assertFalse(p.alive(0), "0 is no process");
        assertEquals(List.of("1 10 1062 30509 738"), p.lines());
        assertTrue(problems.isEmpty());
    }

    @Test
    void aLivePidListThatDoesNotParseIsNotUsedAtAll() {
        assertTrue(LivePidsParser.parse(List.of("1 2 3 4x 5"), problems).isEmpty());
        assertTrue(LivePidsParser.parse(List.of(), problems).isEmpty());
        assertTrue(LivePidsParser.parse(List.of("1 0 2"), problems).isEmpty());
        assertEquals(3, problems.size());
    }
}
