package io.bedside.ui.export;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewExporterTest {
    private final ZonedDateTime at = ZonedDateTime.of(2026, 11, 23, 15, 48, 14, 0, ZoneOffset.ofHours(1));

    @Test
    void fileNameNamesHostViewAndTime() {
        assertEquals("bedside-db-07-overview-20261123-154814.png", new ViewExporter().fileName("db-07", "Overview", at));
    }

    @Test
    void fileNameIsSafeForAnyHostText() {
        assertEquals("bedside-deploy-db-07-2222-overview-20261123-154814.png",
                new ViewExporter().fileName("deploy@db-07:2222", "Overview", at));
        assertEquals("bedside-this-machine-ipc-20261123-154814.png", new ViewExporter().fileName("This machine", "IPC", at));
        assertEquals("bedside-view-overview-20261123-154814.png", new ViewExporter().fileName("../", "Overview", at));
    }

    @Test
    void stampShowsControlAndBidiCharactersOfTheHostNameVisibly() {
        assertEquals("db\\x1b[2J\\u202e07  ·  Overview  ·  2026-11-23 15:48:14 +01:00",
                new ViewExporter().stamp("db\u001b[2J\u202e07", "Overview", at));
    }

    @Test
    void stampSaysHostViewAndTimeWithOffset() {
        assertEquals("db-07  ·  Overview  ·  2026-11-23 15:48:14 +01:00", new ViewExporter().stamp("db-07", "Overview", at));
    }
}
