package io.bedside.ui.support;

import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.fx.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Queues work and runs it, with its callbacks, when told, on the caller's thread: a build is "in
 * flight" from {@link #run} until {@link #runAll()}.
 */
public final class DeferredTaskRunner implements TaskRunner {
    private final List<Runnable> queue = new ArrayList<>();

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError, Runnable onFinally) {
        queue.add(() -> new CurrentThreadTaskRunner().run(work, onSuccess, onError, onFinally));
    }

    /** Runs what is queued now; work queued meanwhile (by the callbacks) waits for the next call. */
    public void runAll() {
        List<Runnable> now = new ArrayList<>(queue);
        queue.clear();
        now.forEach(Runnable::run);
    }

    /** How many runs wait. */
    public int waiting() {
        return queue.size();
    }
}
