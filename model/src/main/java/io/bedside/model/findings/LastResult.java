package io.bedside.model.findings;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What a playbook's rules share about one sample, worked out once: the rules of one diagnosis are
 * asked about the same sample in turn, and the first computes what the others reuse. It keeps the
 * result for the last keys only (compared by identity, held weakly, so it keeps no sample alive).
 * Safe from any thread: a caller that finds other keys there computes its own and leaves it.
 *
 * @param <V> what is computed
 */
public final class LastResult<V> {
    private record Entry<V>(List<WeakReference<Object>> keys, V value) {
    }

    private final AtomicReference<Entry<V>> last = new AtomicReference<>();

    /** The value for {@code keys} (null keys allowed): the last one if its keys are these very objects, else {@code compute}'s. */
    public V get(Supplier<V> compute, Object... keys) {
        Entry<V> e = last.get();
        if (e != null && same(e.keys(), keys)) {
            return e.value();
        }
        V v = compute.get();
        List<WeakReference<Object>> refs = new ArrayList<>(keys.length);
        for (Object k : keys) {
            refs.add(new WeakReference<>(k));
        }
        last.set(new Entry<>(refs, v));
        return v;
    }

    private static boolean same(List<WeakReference<Object>> held, Object[] keys) {
        if (held.size() != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (held.get(i).get() != keys[i]) {
                return false;
            }
        }
        return true;
    }
}
