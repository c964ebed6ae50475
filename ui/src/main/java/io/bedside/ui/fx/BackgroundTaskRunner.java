package io.bedside.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs work on an executor and delivers the callbacks on the FX thread through {@link FxThread}.
 */
public final class BackgroundTaskRunner implements TaskRunner, AutoCloseable {
    private final ExecutorService executor;

    public BackgroundTaskRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** A runner on a cached pool of daemon threads named {@code bedside-task-N}. */
    public BackgroundTaskRunner() {
        this(Executors.newCachedThreadPool(daemonThreads()));
    }

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError, Runnable onFinally) {
        executor.execute(() -> {
            try {
                T result = work.call();
                FxThread.run(() -> {
                    try {
                        onSuccess.accept(result);
                    } finally {
                        onFinally.run();
                    }
                });
            } catch (Throwable t) {
                FxThread.run(() -> {
                    try {
                        onError.accept(t);
                    } finally {
                        onFinally.run();
                    }
                });
            }
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bedside-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
