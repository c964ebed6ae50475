package io.bedside.app.window;

import io.bedside.app.cli.Args;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code ./bedside [SSH-OPTIONS] --fleet INVENTORY}: the window opened on the fleet view. */
class FleetArgsTest {
    @Test
    void fleetTakesTheInventoryBesideSshOptions() {
        Args a = Args.parse(List.of("-F", "/tmp/cfg", "--fleet", "inventories/prod.ini", "-i", "/tmp/key"));
        assertEquals(Optional.of("inventories/prod.ini"), a.fleet());
        assertEquals(List.of(), a.positional());
        assertEquals(Optional.of("/tmp/cfg"), a.ssh().configFile());
        assertEquals(Optional.empty(), Args.parse(List.of("db-07")).fleet());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Args.parse(List.of("--fleet")));
        assertEquals("--fleet needs a value.", e.getMessage());
    }
}
