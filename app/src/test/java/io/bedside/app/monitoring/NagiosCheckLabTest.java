package io.bedside.app.monitoring;

import io.bedside.app.lab.Lab;
import io.bedside.app.lab.LabCli;
import io.bedside.app.lab.WithLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Nagios 4 (Debian's nagios4-core) schedules Bedside's shipped command definition against a
 * lab host over its real sshd, with seed 000 staged there (semaphore arrays full in the host's own
 * IPC namespace): the service turns CRITICAL with the finding's summary as its output and the
 * metrics as its performance data. Bedside is the code under test (this module's classes), run by
 * Nagios through a two-line launcher in place of /usr/bin/bedside.
 */
@WithLab
class NagiosCheckLabTest {
    @Test
    void nagiosShowsTheSemaphoreIncidentAsCritical(Lab lab, @TempDir Path dir) throws Exception {
        Optional<Path> nagios = Engines.find("nagios4", "nagios4-core");
        if (nagios.isEmpty()) {
            return;
        }
        Path launcher = dir.resolve("bedside");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' io.bedside.app.Main \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path command = NagiosInstance.withBedside(MonitoringEnginesConfigTest.NAGIOS, launcher, dir);
        NagiosInstance instance = NagiosInstance.write(dir.resolve("nagios"), command, lab.alias(),
                "check_bedside!-F " + lab.sshConfig() + " --sudo", 10);

        LabCli.incident(lab, "sem-exhaustion.sh", "--semmni", "24");
        Process engine = null;
        try {
            engine = new ProcessBuilder(nagios.get().toString(), instance.config().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nagios.out").toFile()).start();
            Instant until = Instant.now().plus(Duration.ofSeconds(120));
            Optional<Map<String, String>> status = Optional.empty();
            while (status.isEmpty() && Instant.now().isBefore(until) && engine.isAlive()) {
                Thread.sleep(500);
                status = instance.serviceStatus();
            }
            if (status.isEmpty()) {
                fail("Nagios did not check the service in 120 s: " + Files.readString(dir.resolve("nagios.out"))
                        + (Files.exists(instance.dir().resolve("nagios.log")) ? Files.readString(instance.dir().resolve("nagios.log")) : ""));
            }
            Map<String, String> s = status.get();
            String shown = s.toString();
            assertEquals("2", s.get("current_state"), shown);
            assertTrue(s.get("plugin_output").startsWith("BEDSIDE CRITICAL - lab-"), shown);
            assertTrue(s.get("plugin_output").contains("ipc.sem.exhausted: Semaphore arrays exhausted: 24 of 24 (SEMMNI) in use"), shown);
            assertTrue(s.get("performance_data").contains("ipc_sem_arrays=24;;;0;24"), shown);
            assertTrue(s.get("long_plugin_output").contains("[CRITICAL] ipc.sem.exhausted"), shown);
        } finally {
            if (engine != null) {
                engine.destroy();
                if (!engine.waitFor(10, TimeUnit.SECONDS)) {
                    engine.destroyForcibly();
                }
            }
            LabCli.incident(lab, "sem-exhaustion.sh", "--reset");
        }
    }
}
