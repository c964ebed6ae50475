package io.bedside.app.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The monitoring engines from Debian's packages (icinga2, nagios4, promtool): found when installed;
 * CI installs them and sets BEDSIDE_ENGINES=required, so a missing one fails there.
 */
public final class Engines {
    private Engines() {
    }

    public static Optional<Path> find(String command, String debianPackage) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        if ("required".equals(System.getenv("BEDSIDE_ENGINES"))) {
            fail("BEDSIDE_ENGINES=required but " + command + " is not installed (apt-get install -y " + debianPackage + ").");
        }
        return Optional.empty();
    }

    public record Run(int exit, String output) {
    }

    /** Runs {@code command} with {@code stdin}, stdout and stderr together; 60 s at most. */
    public static Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream is = p.getInputStream()) {
                is.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 60 s");
        }
        reader.join(5000);
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
