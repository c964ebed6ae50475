package io.bedside.model.sample;

import io.bedside.model.Fixtures;
import io.bedside.model.playbooks.Playbooks;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the parts carry to the next probe run goes back into a shell script, and it comes from the
 * host: only a cursor of the probe's own characters is carried; anything else keeps the last good one.
 */
class SamplePreludeTest {
    private static final String FIRST = Fixtures.text("memory/probe-journal-first.txt");
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theFirstRunReadsTheWholeLogAndTheNextFromTheCursor() {
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        assertEquals("BS_KLOG_CURSOR=\n", parser.prelude(null, carried));
        String next = parser.prelude(parser.parse("lab", T, FIRST, 5), carried);
        // the kernel log's cursor, then the fd walk's list: this output has no fd table, so all is walked
        String cursor = next.substring(0, next.indexOf('\n') + 1);
        assertTrue(cursor.startsWith("BS_KLOG_CURSOR='journal:s=") && cursor.endsWith("'\n"), next);
        // with the OOM kill count read with it (a light sample that counts the same leaves the log)
        String count = next.substring(cursor.length(), next.indexOf('\n', cursor.length()) + 1);
        assertTrue(count.matches("BS_OOMKILLS=[0-9]+\n"), next);
        // and the boot time the boots were read with (a full sample of the same boot carries them)
        String boots = next.substring(cursor.length() + count.length(), next.indexOf('\n', cursor.length() + count.length()) + 1);
        assertTrue(boots.matches("BS_BOOTS_BTIME=[0-9]+\n"), next);
        // then, for full runs only, the process walk's list (this output's processes, with their resident sets) and the fd walk's (no fd table here: all walked)
        // (the lines that set a variable: BS_PROCCG's value, the quiet processes' cgroups, runs over several)
        List<String> fullOnly = next.substring(cursor.length() + count.length() + boots.length()).lines().filter(l -> l.startsWith("BS_")).toList();
        assertEquals(4, fullOnly.size(), next);
        assertTrue(fullOnly.stream().anyMatch(l -> l.startsWith("BS_PROCCG='v")), "the quiet processes' cgroups: " + next);
        assertTrue(fullOnly.contains("BS_FDSAME="), next);
        assertTrue(fullOnly.contains("BS_THRSAME="), "no thread table here: every thread read: " + next);
        assertTrue(fullOnly.stream().anyMatch(l -> l.matches("BS_PROCSAME='1:24:15268:1( [0-9]+:[0-9]+(:[0-9]+){0,2})+'")), next);
        assertEquals(cursor + count + boots, parser.lightPrelude(carried), "a light run gets the rest");
    }

    /** A sample that must stand alone (connect, "Sample now") walks every fd and thread, reads every command line and lists the boots again. */
    @Test
    void aSampleThatStandsAloneSkipsNothing() {
        SampleParser parser = Playbooks.parser();
        java.util.Set<String> lines = java.util.Set.copyOf(parser.standAlone().lines().toList());
        assertEquals(java.util.Set.of("BS_FDSAME=", "BS_THRSAME=", "BS_BOOTS_BTIME=", "BS_PROCSAME=", "BS_PROCCG="), lines);
        assertTrue(parser.standAlone().endsWith("\n"));
    }

    @Test
    void aForgedCursorIsNotCarriedIntoTheScript() {
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        String good = parser.prelude(parser.parse("lab", T, FIRST, 5), carried);
        for (String forged : new String[]{"journal:x';touch /tmp/owned;'", "journal:a\tb", "journal:\u001b[2Jx", "dmesg:$(id)"}) {
            String out = FIRST.replaceFirst("cursor=journal:\\S+", java.util.regex.Matcher.quoteReplacement("cursor=" + forged));
            assertFalse(out.equals(FIRST), "the fixture carries a cursor to forge");
            String next = parser.prelude(parser.parse("lab", T.plusSeconds(2), out, 5), carried);
            assertEquals(withoutCount(good), next, "a cursor with " + forged + " keeps the last good one (and no count: the log is read)");
        }
    }

    @Test
    void aSampleWithoutTheKernelLogKeepsTheCursor() {
        SampleParser parser = Playbooks.parser();
        Map<Class<?>, String> carried = new HashMap<>();
        String good = parser.prelude(parser.parse("lab", T, FIRST, 5), carried);
        String cut = FIRST.substring(0, FIRST.indexOf("section kernel-log"));
        // nor the boots' boot time: the cut came before them
        assertEquals(withoutCount(good).replaceAll("BS_BOOTS_BTIME=[0-9]+\n", ""),
                parser.prelude(parser.parse("lab", T.plusSeconds(2), cut, 5), carried));
    }

    /** A prelude without its OOM kill count: a sample that did not read the log gives none. */
    private static String withoutCount(String prelude) {
        assertTrue(prelude.contains("\nBS_OOMKILLS="), prelude);
        return prelude.replaceAll("BS_OOMKILLS=[0-9]+\n", "");
    }
}
