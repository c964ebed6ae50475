package io.bedside.ui.fx;

import io.bedside.ui.support.FxTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FxThreadTest {
    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    @Test
    void callAndWaitRunsOnTheFxThreadAndReturns() {
        assertEquals(Boolean.TRUE, FxThread.callAndWait(FxThread::isFxThread));
    }

    @Test
    void callAndWaitPassesExceptionsBack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FxThread.callAndWait(() -> {
                    throw new IllegalArgumentException("no");
                }));
        assertEquals("no", e.getMessage());
    }

    @Test
    void assertFxThreadFailsElsewhere() {
        assertThrows(IllegalStateException.class, FxThread::assertFxThread);
        FxThread.callAndWait(() -> {
            FxThread.assertFxThread();
            return null;
        });
    }

    @Test
    void backgroundRunnerDeliversOnTheFxThread() throws Exception {
        AtomicReference<String> where = new AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try (BackgroundTaskRunner r = new BackgroundTaskRunner()) {
            r.run(() -> Thread.currentThread().getName(), worker -> where.set(worker + " -> " + FxThread.isFxThread()),
                    e -> where.set("error " + e), done::countDown);
            assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertTrue(where.get().startsWith("bedside-task-"), where.get());
        assertTrue(where.get().endsWith("-> true"), where.get());
    }

    @Test
    void currentThreadRunnerCallsErrorAndFinally() {
        StringBuilder seen = new StringBuilder();
        new CurrentThreadTaskRunner().run(() -> {
            throw new java.io.IOException("gone");
        }, x -> seen.append("ok"), e -> seen.append(e.getMessage()), () -> seen.append(";finally"));
        assertEquals("gone;finally", seen.toString());
    }
}
