package io.bedside.model.session;

import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.probe.ProbeFiles;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live session asks for the TCP list only when someone wants it (issue 16): the first sample and
 * "Sample now" read it; full samples after that count the table on the host while it is not wanted;
 * asked for again, the next sample is a full one that reads it. The real probe, run by this
 * machine's sh; the session's clock is moved by hand, so which sample is full is the session's choice.
 */
class TcpListDemandSessionTest {

    /** Runs each script in this machine's sh and keeps it. */
    private static final class LocalShell implements HostTransport {
        final List<String> scripts = new CopyOnWriteArrayList<>();

        @Override
        public String describe() {
            return "this machine";
        }

        @Override
        public ProbeResult run(String script, boolean privileged, Duration timeout) {
            scripts.add(script);
            try {
                Process p = new ProcessBuilder("sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                return new ProbeResult(out, "", p.exitValue(), 10, false);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void theListIsReadWhenWantedAndCountedOnTheHostOtherwise() throws Exception {
        LocalShell shell = new LocalShell();
        Hand clock = new Hand();
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        LinkedBlockingQueue<Sample> samples = new LinkedBlockingQueue<>();
        SamplingSession s = new SamplingSession("this machine", () -> shell, ProbeFiles.script(), exec, clock, true);
        try {
            s.setInterval(Duration.ofHours(1));   // one sample per sampleNow() or start(), none by the timer
            s.setWantedLists(java.util.Set.of());
            s.addListener(new SessionListener() {
                @Override
                public void onSample(Sample sample) {
                    samples.add(sample);
                }

                @Override
                public void onStatus(SessionStatus status) {
                }
            });
            s.start();
            Sample first = next(samples);
            assertFalse(counts(shell.scripts.get(0)), "the first sample stands alone: it reads the list");
            assertTrue(SocketSnapshot.hasTcpList(first));

            // a full sample later (past FULL_EVERY), the list not wanted: counted on the host
            clock.now.set(clock.now.get().plus(SamplingSession.FULL_EVERY).plusSeconds(1));
            tick(s);
            Sample counted = next(samples);
            String script = shell.scripts.get(1);
            assertTrue(counts(script) && !light(script), "a full sample that counts");
            assertTrue(SocketSnapshot.of(counted).counts().isPresent(), SocketSnapshot.of(counted).counts().toString());
            assertTrue(counted.output().carried().containsKey(SocketSnapshot.SS_TCP));

            assertTrue(shell.scripts.get(1).lines().anyMatch(l -> l.startsWith("BS_FDSAME='")), "a full run gets the fd walk's list");

            // right after it, a light sample: neither list nor counts, nor the fd walk's list (a light run walks no fd)
            tick(s);
            next(samples);
            assertTrue(light(shell.scripts.get(2)) && !counts(shell.scripts.get(2)));
            assertTrue(shell.scripts.get(2).lines().noneMatch(l -> l.startsWith("BS_FDSAME=")), "no fd list on a light run");
            assertTrue(shell.scripts.get(2).lines().anyMatch(l -> l.startsWith("BS_KLOG_CURSOR=")), "the other preludes are there");

            // the Sockets area opens: the next sample is full, within FULL_EVERY, and reads the list
            s.setWantedLists(java.util.Set.of(SocketSnapshot.TCP_LIST.name()));
            tick(s);
            Sample listed = next(samples);
            String wanted = shell.scripts.get(3);
            assertFalse(light(wanted) || counts(wanted), "a full sample that reads the list");
            assertTrue(SocketSnapshot.of(listed).counts().get().isEmpty());
            assertFalse(listed.output().carried().containsKey(SocketSnapshot.SS_TCP), "the list is this sample's own");
        } finally {
            s.close();
        }
    }

    /** One more sample now, without "Sample now"'s stand-alone run: the timer's tick, brought forward. */
    private static void tick(SamplingSession s) {
        s.pause();
        s.resume();
    }

    private static boolean light(String script) {
        return script.lines().anyMatch(l -> l.equals("BS_LIGHT=1"));
    }

    private static boolean counts(String script) {
        return script.lines().anyMatch(l -> (l + "\n").equals(SocketSnapshot.NO_TCP_LIST));
    }

    private static Sample next(LinkedBlockingQueue<Sample> q) throws InterruptedException {
        Sample x = q.poll(120, TimeUnit.SECONDS);
        assertNotNull(x, "a sample arrived");
        return x;
    }
}
