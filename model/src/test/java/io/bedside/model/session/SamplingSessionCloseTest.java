package io.bedside.model.session;

import io.bedside.model.port.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A closed session leaves no sampler thread behind when it owns its executor, and leaves a shared one alone. */
class SamplingSessionCloseTest {

    private static TransportFactory down(CountDownLatch tried) {
        return () -> {
            tried.countDown();
            throw new TransportException(TransportException.Kind.UNREACHABLE, "db-07 is down.");
        };
    }

    @Test
    void anOwnedExecutorEndsWithTheSession() throws Exception {
        AtomicReference<Thread> sampler = new AtomicReference<>();
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampler-under-test");
            sampler.set(t);
            return t;
        });
        CountDownLatch tried = new CountDownLatch(1);
        SamplingSession s = new SamplingSession("db-07", down(tried), "true", exec, Clock.systemUTC(), true);
        s.start();
        assertTrue(tried.await(10, TimeUnit.SECONDS), "the session tried to connect");
        s.close();
        assertTrue(exec.awaitTermination(10, TimeUnit.SECONDS), "the executor terminated");
        sampler.get().join(10_000);
        assertFalse(sampler.get().isAlive(), "no sampler thread is left");
    }

    @Test
    void aSharedExecutorIsLeftRunning() throws Exception {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        try {
            CountDownLatch tried = new CountDownLatch(1);
            SamplingSession s = new SamplingSession("db-07", down(tried), "true", exec, Clock.systemUTC());
            s.start();
            assertTrue(tried.await(10, TimeUnit.SECONDS));
            s.close();
            assertFalse(exec.isShutdown(), "another session may still use it");
        } finally {
            exec.shutdownNow();
        }
    }
}
