package io.bedside.ui.fx;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The one gateway to the JavaFX application thread. No other class calls
 * {@link Platform#runLater}; every UI-mutating view-model method starts with
 * {@link #assertFxThread()}.
 *
 * <p>Stateless, so a utility and not a singleton: there is nothing to inject.
 */
public final class FxThread {
    private FxThread() {
    }

    /** Runs {@code r} on the FX thread: at once when already there, later otherwise. */
    public static void run(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /** Runs {@code r} on the FX thread later, even when called from it (after the current event). */
    public static void later(Runnable r) {
        Platform.runLater(r);
    }

    /**
     * Runs {@code work} on the FX thread and waits for its result: for a background thread that
     * must ask the operator (a host key, a passphrase) and block until they answer.
     *
     * @throws IllegalStateException when interrupted while waiting
     * @throws RuntimeException      what {@code work} threw, unchecked exceptions as they are
     */
    public static <T> T callAndWait(Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the FX thread.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Whether the caller is on the FX thread. */
    public static boolean isFxThread() {
        return Platform.isFxApplicationThread();
    }

    /**
     * Fails fast when a view-model method that changes what the window shows is called from a
     * background thread (session callbacks arrive on the session's own thread).
     */
    public static void assertFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("Must run on the JavaFX application thread, not on "
                    + Thread.currentThread().getName() + "; deliver it through FxThread.run.");
        }
    }
}
