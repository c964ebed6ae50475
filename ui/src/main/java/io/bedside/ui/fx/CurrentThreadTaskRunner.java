package io.bedside.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs work and its callbacks in place, on the caller's thread: for tests. */
public final class CurrentThreadTaskRunner implements TaskRunner {
    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError, Runnable onFinally) {
        T result;
        try {
            result = work.call();
        } catch (Throwable t) {
            try {
                onError.accept(t);
            } finally {
                onFinally.run();
            }
            return;
        }
        try {
            onSuccess.accept(result);
        } finally {
            onFinally.run();
        }
    }
}
