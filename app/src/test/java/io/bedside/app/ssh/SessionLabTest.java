package io.bedside.app.ssh;

import io.bedside.app.ProbeScript;
import io.bedside.app.Sources;
import io.bedside.app.lab.Lab;
import io.bedside.app.lab.WithLab;
import io.bedside.app.transport.SshTransport;
import io.bedside.model.port.Prompter;
import io.bedside.model.sample.Sample;
import io.bedside.model.session.ConnectionState;
import io.bedside.model.session.SamplingSession;
import io.bedside.model.session.SessionListener;
import io.bedside.model.session.SessionStatus;
import io.bedside.model.ssh.SshOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live sampling through a real sshd that dies or stops answering. */
@WithLab
class SessionLabTest {

    private record Event(long atNanos, Object what) {
    }

    private static SamplingSession session(Lab lab, BlockingQueue<Event> events, ScheduledExecutorService exec) {
        return session(lab, events, exec, SshTransport.DEFAULT_CAP);
    }

    private static SamplingSession session(Lab lab, BlockingQueue<Event> events, ScheduledExecutorService exec, long cap) {
        SshOptions o = new SshOptions(Optional.of(lab.sshConfig().toString()), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Map.of());
        Sources sources = new Sources(new SshConnector(SshResolver.system()), o, cap);
        SamplingSession s = new SamplingSession(lab.alias(), sources.factory(lab.alias(), Prompter.REFUSE_ALL),
                ProbeScript.text(), exec, Clock.systemUTC());
        s.setInterval(Duration.ofSeconds(1));
        s.addListener(new SessionListener() {
            @Override
            public void onSample(Sample sample) {
                events.add(new Event(System.nanoTime(), sample));
            }

            @Override
            public void onStatus(SessionStatus status) {
                events.add(new Event(System.nanoTime(), status));
            }
        });
        return s;
    }

    private static Event await(BlockingQueue<Event> q, Duration max, java.util.function.Predicate<Object> p) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            Event e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && p.test(e.what())) {
                return e;
            }
        }
        return null;
    }

    private static boolean isState(Object o, ConnectionState s) {
        return o instanceof SessionStatus st && st.state() == s;
    }

    @Test
    void reconnectsAfterTheSshdSessionIsKilled(Lab lab) throws Exception {
        BlockingQueue<Event> q = new LinkedBlockingQueue<>();
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        try (SamplingSession s = session(lab, q, exec)) {
            s.start();
            assertNotNull(await(q, Duration.ofSeconds(20), o -> o instanceof Sample), "first sample");
            long killed = System.nanoTime();
            lab.killSessions();
            Event drop = await(q, Duration.ofSeconds(10), o -> isState(o, ConnectionState.RECONNECTING));
            assertNotNull(drop, "the drop was noticed");
            double noticedAfter = (drop.atNanos() - killed) / 1e9;
            assertTrue(noticedAfter <= 2.0, "a connection reset is noticed within 2 s, took " + noticedAfter + " s");
            assertTrue(((SessionStatus) drop.what()).stale(), "the last data is kept and marked stale");
            Event back = await(q, Duration.ofSeconds(20), o -> o instanceof Sample);
            assertNotNull(back, "sampling resumed after reconnecting");
            assertEquals(lab.hostname(), ((Sample) back.what()).facts().get().orElseThrow().hostname());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void hostThatStopsAnsweringIsNoticedWithin15Seconds(Lab lab) throws Exception {
        BlockingQueue<Event> q = new LinkedBlockingQueue<>();
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        try (SamplingSession s = session(lab, q, exec)) {
            s.start();
            assertNotNull(await(q, Duration.ofSeconds(20), o -> o instanceof Sample), "first sample");
            long stalled = System.nanoTime();
            lab.stall();
            try {
                Event drop = await(q, Duration.ofSeconds(25), o -> isState(o, ConnectionState.RECONNECTING));
                assertNotNull(drop, "the silent host was noticed");
                double after = (drop.atNanos() - stalled) / 1e9;
                assertTrue(after <= 15.5, "noticed within 15 s, took " + after + " s");
            } finally {
                lab.resume();
            }
            assertNotNull(await(q, Duration.ofSeconds(40), o -> o instanceof Sample), "sampling resumed");
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void aSampleCutAtTheSizeCapSaysWhichSectionsItLost(Lab lab) throws Exception {
        BlockingQueue<Event> q = new LinkedBlockingQueue<>();
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        long cap = 24 * 1024;
        try (SamplingSession s = session(lab, q, exec, cap)) {
            s.start();
            Event first = await(q, Duration.ofSeconds(20), o -> o instanceof Sample);
            assertNotNull(first, "a sample, cut");
            Sample sample = (Sample) first.what();
            assertTrue(!sample.output().complete(), "the output was cut at " + cap + " bytes");
            io.bedside.model.probe.OutputCut cut = io.bedside.model.playbooks.Playbooks.cut(sample).orElseThrow();
            assertTrue(cut.bytes() <= cap + 1, cut.bytes() + " bytes");
            assertTrue(cut.cutShort().isPresent() || !cut.notReceived().isEmpty(), cut.toString());
            // the sections after the cut did not arrive, and the last playbook's are among them
            io.bedside.model.findings.Playbook last = io.bedside.model.playbooks.Playbooks.all()
                    .get(io.bedside.model.playbooks.Playbooks.all().size() - 1);
            assertTrue(!cut.touched(last.sections()).isEmpty(), cut + " touches none of " + last.sections());
            Event status = await(q, Duration.ofSeconds(5), o -> o instanceof SessionStatus st && st.message().isPresent());
            assertNotNull(status);
            assertTrue(((SessionStatus) status.what()).message().orElseThrow().contains("size cap"));
        } finally {
            exec.shutdownNow();
        }
    }
}
