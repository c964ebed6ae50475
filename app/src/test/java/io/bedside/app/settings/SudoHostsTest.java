package io.bedside.app.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-host memory of administrative access: host names only, one a line, nothing forged by a line break. */
class SudoHostsTest {
    @TempDir
    Path dir;

    @Test
    void onIsRememberedBesideTheRecentHostsAndOffForgetsIt() throws Exception {
        SudoHosts s = SudoHosts.beside(new RecentHosts(dir.resolve("bedside").resolve("recent-hosts")));
        assertFalse(s.contains("db-07"));
        s.set("db-07", true);
        s.set("deploy@web-1:2222", true);
        assertTrue(s.contains("DB-07"), "compared without case, as host names are");
        assertEquals(List.of("deploy@web-1:2222", "db-07"), Files.readAllLines(dir.resolve("bedside").resolve("sudo-hosts")));
        s.set("db-07", false);
        assertFalse(s.contains("db-07"));
        assertEquals(List.of("deploy@web-1:2222"), s.list());
        s.set("db-07", true);
        s.set("db-07", true);
        assertEquals(List.of("db-07", "deploy@web-1:2222"), s.list(), "no host twice");
    }

    @Test
    void aHostTextWithALineBreakCannotAddALineOfItsOwn() throws Exception {
        SudoHosts s = new SudoHosts(dir.resolve("sudo-hosts"));
        s.set("db-07\nevil", true);
        s.set("db-07\revil", true);
        assertFalse(s.contains("evil"));
        assertFalse(s.contains("db-07"));
        assertEquals(List.of(), s.list());
        s.set("db-07\tx\u001b[31m", true);
        assertEquals(List.of("db-07\tx\u001b[31m"), s.list(), "other bytes stay inside the one line, as typed");
    }

    @Test
    void aFileThatCannotBeWrittenIsOneSentence() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "");
        SudoHosts s = new SudoHosts(blocker.resolve("sudo-hosts"));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> s.set("db-07", true));
        assertTrue(e.getMessage().startsWith("Could not remember administrative access for db-07 in "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
