package io.bedside.model.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Processes that any user could start on a host, started on this machine by
 * {@code src/test/resources/io/bedside/model/probe/hostile.py}: each names itself with the given
 * bytes (prctl PR_SET_NAME) and holds a FIFO whose file name is the given bytes, in a fresh
 * folder. Closing stops them and removes the folder.
 */
public final class HostileProcesses implements AutoCloseable {
    /** Relative to the model module, where its tests run. */
    public static final Path SPAWNER = Path.of("src/test/resources/io/bedside/model/probe/hostile.py");

    /** A name (at most 15 bytes, the kernel's limit) and a FIFO file name, as raw bytes. */
    public record Hostile(byte[] name, byte[] file) {
        public static Hostile of(String name, String file) {
            return new Hostile(name.getBytes(StandardCharsets.UTF_8), file.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Process spawner;
    private final Path dir;
    private final List<Integer> pids;

    private HostileProcesses(Process spawner, Path dir, List<Integer> pids) {
        this.spawner = spawner;
        this.dir = dir;
        this.pids = List.copyOf(pids);
    }

    /** Starts one process per item and returns once each is named and holds its FIFO. */
    public static HostileProcesses start(Path spawner, List<Hostile> items) throws IOException {
        Path dir = Files.createTempDirectory("bedside-hostile-");
        List<String> cmd = new ArrayList<>(List.of("python3", spawner.toString(), dir.toString()));
        HexFormat hex = HexFormat.of();
        for (Hostile h : items) {
            cmd.add(hex.formatHex(h.name()) + ":" + hex.formatHex(h.file()));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Integer> pids = new ArrayList<>();
        HostileProcesses started = new HostileProcesses(p, dir, pids);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        for (int i = 0; i < items.size(); i++) {
            String l = in.readLine();
            if (l == null) {
                started.close();
                throw new IOException("the hostile processes did not start (" + spawner + ")");
            }
            pids.add(Integer.parseInt(l.trim()));
        }
        return new HostileProcesses(p, dir, pids);
    }

    /** Their pids, in the order of the items. */
    public List<Integer> pids() {
        return pids;
    }

    /** The folder that holds their FIFOs. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        spawner.descendants().forEach(ProcessHandle::destroyForcibly);
        spawner.destroyForcibly();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
