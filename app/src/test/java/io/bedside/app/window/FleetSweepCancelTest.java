package io.bedside.app.window;

import io.bedside.app.ssh.SshConnector;
import io.bedside.app.ssh.SshResolver;
import io.bedside.model.ssh.SshOptions;
import io.bedside.ui.fleet.FleetInventory;
import io.bedside.ui.fleet.FleetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's sweep, on real sockets: a host that closes the connection at once answers UNKNOWN
 * with the reason, and Stop ends the sweep while another host still holds its connection open
 * without a word: no result and no end reach the window after it, and the sweep's thread ends.
 */
class FleetSweepCancelTest {

    @Test
    void stopEndsTheSweepWhileAHostHangs(@TempDir Path dir) throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread closer = daemon(() -> {
                while (!closing.isClosed()) {
                    try (Socket s = closing.accept()) {
                        s.getOutputStream().write("not ssh\r\n".getBytes());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Thread mute = daemon(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Path inv = dir.resolve("hosts.ini");
            Files.writeString(inv, """
                    [web]
                    closes-01 ansible_host=127.0.0.1 ansible_port=%d
                    hangs-01 ansible_host=127.0.0.1 ansible_port=%d
                    """.formatted(closing.getLocalPort(), silent.getLocalPort()));
            SshOptions options = new SshOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(), List.of(), Optional.empty(),
                    Map.of("UserKnownHostsFile", dir.resolve("known_hosts").toString(), "GlobalKnownHostsFile", "/dev/null",
                            "StrictHostKeyChecking", "yes"));
            FleetInventory fleet = AppFleetInventory.read(inv, new SshConnector(SshResolver.system()), options);
            assertEquals(List.of("closes-01", "hangs-01"), fleet.hosts().stream().map(h -> h.name()).toList());
            assertEquals("127.0.0.1:" + closing.getLocalPort(), fleet.hosts().get(0).address());

            List<FleetResult> results = new CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            FleetInventory.Sweeping sweeping = fleet.sweep(false, r -> {
                results.add(r);
                first.countDown();
            }, () -> done.set(true));
            assertTrue(first.await(30, TimeUnit.SECONDS), "the host that closes answers");
            FleetResult r = results.get(0);
            assertEquals("closes-01", r.host().name());
            assertEquals(3, r.status());
            assertTrue(r.error().isPresent() && !r.error().get().isBlank(), r.toString());
            long t0 = System.nanoTime();
            while (held.isEmpty() && System.nanoTime() - t0 < 10_000_000_000L) {
                Thread.sleep(50);
            }
            assertFalse(held.isEmpty(), "the silent host was reached");

            Thread sweepThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("bedside-fleet-hosts.ini")).findFirst().orElseThrow();
            assertTrue(sweepThread.isAlive(), "the sweep waits for the silent host");
            sweeping.cancel();
            sweepThread.join(5_000);
            assertFalse(sweepThread.isAlive(), "the sweep's thread ends when stopped");
            // the hanging host's connection is dropped; nothing reaches the window after Stop
            for (Socket s : held) {
                s.close();
            }
            Thread.sleep(1_500);
            assertEquals(1, results.size(), results.toString());
            assertFalse(done.get(), "a stopped sweep does not report its end");
            closing.close();
            silent.close();
            closer.join(2_000);
            mute.join(2_000);
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "fleet-test-server");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
