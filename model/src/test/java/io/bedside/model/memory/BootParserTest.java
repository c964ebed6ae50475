package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BootParserTest {
    private static List<Boot> parse(String fixture) {
        List<ParseProblem> problems = new ArrayList<>();
        List<Boot> b = BootParser.parse(Fixtures.text("memory/" + fixture).lines().toList(), problems).orElseThrow();
        assertEquals(List.of(), problems, fixture);
        return b;
    }

    @Test
    void journalOfSystemd252WithItsHeader() {
        List<Boot> b = parse("journalctl-list-boots-systemd252.txt");
        assertEquals(1, b.size());
        assertEquals(Instant.parse("2026-11-23T16:41:56Z"), b.get(0).start());
        assertEquals(Boot.End.RUNNING, b.get(0).how());
        assertEquals(Optional.empty(), b.get(0).end());
        assertEquals(Optional.of("7352d98ae6334bbebf2a1101fb5764dd"), b.get(0).bootId());
        assertEquals(OptionalInt.of(0), b.get(0).index());
    }

    @Test
    void journalOfSystemd219WithAnEmDashNewestFirst() {
        List<Boot> b = parse("journalctl-list-boots-systemd219-transcribed.txt");
        assertEquals(List.of(0, -1, -2), b.stream().map(x -> x.index().getAsInt()).toList());
        assertEquals(Instant.parse("2026-11-20T10:06:31Z"), b.get(0).start());
        assertEquals(Boot.End.LAST_ENTRY, b.get(1).how());
        assertEquals(Optional.of(Instant.parse("2026-11-20T10:05:00Z")), b.get(1).end());
        assertEquals(Instant.parse("2026-11-19T08:00:01Z"), b.get(1).start());
    }

    @Test
    void wtmpInIsoTellsAShutdownFromABootThatEndedWithoutOne() {
        List<Boot> b = parse("last-x-iso-util-linux2.38.txt");
        assertEquals(3, b.size(), "two 'system down' lines are not boots");
        assertEquals(Instant.parse("2026-11-23T15:40:17Z"), b.get(0).start());
        assertEquals(Boot.End.RUNNING, b.get(0).how());
        assertEquals(Optional.of("6.1.0-18-amd64"), b.get(0).kernel());
        assertEquals(Boot.End.NO_SHUTDOWN_RECORD, b.get(1).how(), "util-linux says 'still running' for a boot followed by another");
        assertEquals(Optional.empty(), b.get(1).end());
        assertEquals(Boot.End.SHUTDOWN, b.get(2).how());
        assertEquals(Optional.of(Instant.parse("2026-11-20T10:05:00Z")), b.get(2).end());
    }

    @Test
    void wtmpWithFullDatesReadsTheSameBoots() {
        List<Boot> iso = parse("last-x-iso-util-linux2.38.txt");
        List<Boot> full = parse("last-x-F-util-linux2.38.txt");
        assertEquals(iso.stream().map(Boot::start).toList(), full.stream().map(Boot::start).toList());
        assertEquals(iso.stream().map(Boot::how).toList(), full.stream().map(Boot::how).toList());
        assertEquals(iso.stream().map(Boot::end).toList(), full.stream().map(Boot::end).toList());
    }

    @Test
    void sysvinitLastWithACrash() {
        List<Boot> b = parse("last-x-F-sysvinit2.88-rhel7-transcribed.txt");
        assertEquals(3, b.size());
        assertEquals(Optional.of("3.10.0-1160.el7."), b.get(0).kernel());
        assertEquals(Boot.End.SHUTDOWN, b.get(1).how());
        assertEquals(Boot.End.NO_SHUTDOWN_RECORD, b.get(2).how(), "'- crash'");
        assertEquals(Instant.parse("2026-11-17T09:11:40Z"), b.get(2).start());
    }

    @Test
    void fullDatesAreInTheHostsZoneAndBadLinesAreProblems() {
        List<ParseProblem> problems = new ArrayList<>();
        List<Boot> b = BootParser.parse(List.of("reboot   system boot  6.1.0  Mon Nov 23 15:40:17 2026   still running",
                "reboot   system boot  6.1.0  Mon Nov 32 15:40:17 2026   still running", "a line from nowhere"),
                ZoneId.of("Europe/Berlin"), problems).orElseThrow();
        assertEquals(List.of(Instant.parse("2026-11-23T14:40:17Z")), b.stream().map(Boot::start).toList());
        assertEquals(2, problems.size());
    }
}
