package io.bedside.app.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check definitions Bedside ships (packaging/monitoring) load into the real engines from
 * Debian's packages: Icinga 2 validates a configuration that applies the CheckCommand, Nagios 4
 * pre-flights one that uses the command. Each validator is shown a broken configuration too, so a
 * validator that accepts anything would fail this test.
 */
class MonitoringEnginesConfigTest {
    static final Path ICINGA = Path.of("../packaging/monitoring/icinga2/bedside.conf").toAbsolutePath().normalize();
    static final Path NAGIOS = Path.of("../packaging/monitoring/nagios/bedside.cfg").toAbsolutePath().normalize();

    @Test
    void icinga2ValidatesTheCheckCommandAppliedToAHost(@TempDir Path dir) throws Exception {
        Optional<Path> icinga2 = Engines.find("icinga2", "icinga2-bin");
        if (icinga2.isEmpty()) {
            return;
        }
        // icinga2 reads its configuration as the user it runs as (nagios on Debian): a readable copy
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shipped = Files.copy(ICINGA, dir.resolve("bedside.conf"));
        Files.setPosixFilePermissions(shipped, PosixFilePermissions.fromString("rw-r--r--"));
        String conf = """
                include <itl>
                include "%s"
                object Host "db-07" {
                  address = "192.0.2.7"
                  check_command = "dummy"
                }
                apply Service "bedside" {
                  check_command = "%s"
                  vars.bedside_sudo = true
                  vars.bedside_warning = [ "ipc_sem_arrays=90%%", "sockets_tcp_close_wait=100" ]
                  vars.bedside_critical = [ "ipc_sem_arrays=100%%" ]
                  assign where host.name == "db-07"
                }
                """;
        Path good = dir.resolve("good.conf");
        Files.writeString(good, conf.formatted(shipped, "bedside"));
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-r--r--"));
        Engines.Run ok = Engines.run(List.of(icinga2.get().toString(), "daemon", "-C", "-c", good.toString()), "");
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("Instantiated 1 Service"), ok.output());

        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, conf.formatted(shipped, "bedside-missing"));
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r--r--"));
        Engines.Run no = Engines.run(List.of(icinga2.get().toString(), "daemon", "-C", "-c", bad.toString()), "");
        assertNotEquals(0, no.exit(), no.output());
        assertTrue(no.output().contains("bedside-missing"), no.output());
    }

    @Test
    void nagios4PreflightsTheCommandUsedByAService(@TempDir Path dir) throws Exception {
        Optional<Path> nagios = Engines.find("nagios4", "nagios4-core");
        if (nagios.isEmpty()) {
            return;
        }
        NagiosInstance n = NagiosInstance.write(dir, NAGIOS, "192.0.2.7", "check_bedside!--sudo --warning ipc_sem_arrays=90%", 5);
        Engines.Run ok = Engines.run(List.of(nagios.get().toString(), "-v", n.config().toString()), "");
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("Checked 1 services") || ok.output().contains("Checked 2 services"), ok.output());

        NagiosInstance broken = NagiosInstance.write(dir.resolve("broken"), NAGIOS, "192.0.2.7", "check_bedside_missing!--sudo", 5);
        Engines.Run no = Engines.run(List.of(nagios.get().toString(), "-v", broken.config().toString()), "");
        assertNotEquals(0, no.exit(), no.output());
    }
}
