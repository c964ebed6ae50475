package io.bedside.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work that may block (opening a host, reading a recording, closing a connection) away from
 * the FX thread. Callbacks arrive on the FX thread in the window; tests use
 * {@link CurrentThreadTaskRunner}, which runs everything in place.
 */
public interface TaskRunner {

    /**
     * @param work      the blocking work
     * @param onSuccess receives its result
     * @param onError   receives what it threw
     * @param onFinally runs after either
     */
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError, Runnable onFinally);

    /** Runs work whose result nobody waits for; failures go to {@code onError}. */
    default void run(Callable<?> work, Consumer<Throwable> onError) {
        run(work, r -> { }, onError, () -> { });
    }
}
