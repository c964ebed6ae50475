package io.bedside.model.memory;

import io.bedside.model.Fixtures;
import io.bedside.model.probe.ParseProblem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dmesg -T stamps in 41 glibc locales, every month: {@code fixtures/memory/dmesg-T-glibc-stamps.tsv}
 * holds what glibc 2.36 prints for {@code "%a %b %e %H:%M:%S %Y"} (dmesg -T's format) on the 6th of
 * each month of 2026 at 19:32:55 UTC (how it was made: the oom-corpus README). Each stamp is put in
 * front of the kill line captured on the build machine. The kill is never lost, whatever the
 * language, and every stamp is placed in its month (a month word two languages read differently, by
 * the weekday beside it); a stamp that still cannot be placed keeps the line, never a wrong time.
 */
class DmesgLocaleStampsTest {
    private static final LogClock UTC = new LogClock(Optional.empty(), ZoneOffset.UTC, Optional.of(Instant.parse("2026-12-31T00:00:00Z")));
    /** The message of the kill line of {@code oom-corpus/capture-dmesg-kernel6.18-memcg-python3.11.txt}. */
    private static final String KILL = "Memory cgroup out of memory: Killed process 3012 (python3.11) total-vm:92232kB, "
            + "anon-rss:64384kB, file-rss:2624kB, shmem-rss:0kB, UID:0 pgtables:184kB oom_score_adj:0";
    record Row(String locale, List<String> stamps) {
    }

    private static List<Row> rows() {
        return Fixtures.text("memory/dmesg-T-glibc-stamps.tsv").lines().map(l -> l.split("\t"))
                .map(f -> new Row(f[0], List.of(f).subList(1, f.length))).toList();
    }

    private static Instant expected(int month) {
        return Instant.parse(String.format("2026-%02d-06T19:32:55Z", month));
    }

    @Test
    void theTableHoldsTwelveMonthsOfFortyOneLocales() {
        List<Row> rows = rows();
        assertEquals(41, rows.size());
        rows.forEach(r -> assertEquals(12, r.stamps().size(), r.locale()));
        assertTrue(rows.stream().anyMatch(r -> r.stamps().get(0).startsWith("dt. de gen. ")), "ca_ES writes its month in two words");
        assertTrue(rows.stream().anyMatch(r -> r.stamps().get(11).equals("CN Thg 12  6 19:32:55 2026")), "so does vi_VN");
    }

    @TestFactory
    Stream<DynamicTest> everyLocaleKeepsTheKillAndPlacesItInTheRightMonth() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.locale(), () -> {
            for (int month = 1; month <= 12; month++) {
                String stamp = "[" + r.stamps().get(month - 1) + "]";
                List<ParseProblem> problems = new ArrayList<>();
                KernelLog k = KernelLogParser.parse(List.of(stamp + " " + KILL), UTC, problems).orElseThrow();
                assertEquals(1, k.kills().size(), stamp);
                OomEvent e = k.kills().get(0);
                assertEquals(3012, e.pid(), stamp);
                assertEquals("python3.11", e.comm(), stamp);
                assertEquals(stamp, e.stamp());
                assertEquals(OptionalLong.of(64384), e.anonRssKb());
                assertEquals(Optional.of(expected(month)), e.time(), stamp + " (" + r.locale() + ")");
                assertEquals(List.of(), problems, stamp);
            }
        }));
    }

    @Test
    void aMonthWordTwoLanguagesReadDifferentlyIsPlacedByItsWeekdayOrNotAtAll() {
        assertEquals(null, LogStamps.MONTHS.get("lis"), "pl/cs listopad is November, hr listopad October");
        assertEquals(null, LogStamps.MONTHS.get("srp"), "cs srpen is August, hr srpanj July");
        assertEquals(null, LogStamps.MONTHS.get("lip"), "pl lipiec is July, hr lipanj June");
        assertEquals(1, LogStamps.MONTHS.get("sij"), "hr siječanj: no other language reads it");
        assertEquals(Optional.of(10), LogStamps.month("lis", "ned", 2026, 18), "2026-10-18 is a Sunday (hr ned)");
        assertEquals(Optional.of(11), LogStamps.month("lis", "śro", 2026, 18), "2026-11-18 is a Wednesday (pl śro)");
        assertEquals(Optional.of(11), LogStamps.month("lis", "St", 2026, 18), "cs st");
        assertEquals(Optional.empty(), LogStamps.month("lis", "pon", 2026, 18), "a Monday in neither month: not guessed");

        String stamp = "[Zz lis 18 12:00:04 2026]";
        List<ParseProblem> problems = new ArrayList<>();
        OomEvent e = KernelLogParser.parse(List.of(stamp + " " + KILL), UTC, problems).orElseThrow().kills().get(0);
        assertEquals(Optional.empty(), e.time(), "an unknown weekday leaves the stamp unplaced");
        assertEquals(stamp, e.stamp());
        assertEquals(3012, e.pid());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("could not be placed"), problems.get(0).message());
    }
}
