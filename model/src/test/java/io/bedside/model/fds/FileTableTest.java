package io.bedside.model.fds;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.Reading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileTableTest {
    private static FileTable parse(List<String> lines, List<ParseProblem> problems) {
        return FileTable.parse(lines, problems).orElseThrow(() -> new AssertionError(problems.toString()));
    }

    @Test
    void thisMachinesTableAsDashReadsItWithGrep() {
        List<ParseProblem> problems = new ArrayList<>();
        FileTable t = parse(Fixtures.text("fds/fs-file-debian12-kernel6.18-dash-grep.txt").lines().toList(), problems);
        assertEquals(List.of(), problems);
        assertEquals(478, t.allocated());
        assertEquals(0, t.free());
        assertEquals(2466248, t.max());
        assertEquals(OptionalLong.of(2466248), t.fileMax());
        assertEquals(OptionalLong.of(1048576), t.nrOpen());
        assertEquals(0.0194, t.percent().orElseThrow(), 0.0001);
    }

    @Test
    void systemdsLongMaxFileMaxFitsAndIsNeverNearlyFull() {
        List<ParseProblem> problems = new ArrayList<>();
        FileTable t = parse(Fixtures.text("fds/fs-file-longmax-transcribed.txt").lines().toList(), problems);
        assertEquals(Long.MAX_VALUE, t.max());
        assertEquals(18304, t.inUse());
        assertTrue(t.percent().orElseThrow() < 1e-9);
        assertEquals(OptionalLong.empty(), t.nrOpen(), "not read is empty, not 0");
    }

    @Test
    void aByteWiseReadsFirstDigitIsNoTable() {
        // what dash's read sees of "478 0 2466248": the fragment never prints it, the parser refuses it anyway
        List<ParseProblem> problems = new ArrayList<>();
        assertTrue(FileTable.parse(List.of("file-nr=4"), problems).isEmpty());
        assertFalse(problems.isEmpty());
    }

    @Test
    void hostileCutAndHugeLinesAreProblemsNotValues() {
        List<ParseProblem> problems = new ArrayList<>();
        FileTable t = parse(List.of("file-nr=100\t0\t200", "file-max=-5", "nr_open=99999999999999999999999999",
                "file-max=1e9", "@@bedside:section fs-file ok", "file-max=", "x"), problems);
        assertEquals(100, t.allocated());
        assertEquals(200, t.max());
        assertEquals(OptionalLong.empty(), t.fileMax());
        assertEquals(OptionalLong.of(Long.MAX_VALUE), t.nrOpen(), "past 2^63-1 is the most a long holds");
        assertEquals(5, problems.size(), problems.toString());
        problems.clear();
        assertTrue(FileTable.parse(List.of("file-nr=100 0"), problems).isEmpty(), "a cut line");
        assertTrue(FileTable.parse(List.of(), problems).isEmpty(), "an empty section");
    }

    @Test
    void aSectionTheHostDidNotGiveIsAbsentWithItsReason() {
        FdsSnapshot skipped = FdsSnapshot.of(new FdsProbeText().fsFile("skipped this shell's read takes a byte at a time")
                .sample(FdsProbeText.T0));
        assertTrue(skipped.table() instanceof Reading.Absent<FileTable> a && a.status() == SourceStatus.SKIPPED);
        FdsSnapshot missing = FdsSnapshot.of(new FdsProbeText().fsFile("missing /proc/sys/fs/file-nr").sample(FdsProbeText.T0));
        assertTrue(missing.table() instanceof Reading.Absent<FileTable> a && a.status() == SourceStatus.MISSING);
    }
}
