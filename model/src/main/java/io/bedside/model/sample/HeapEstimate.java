package io.bedside.model.sample;

import io.bedside.model.probe.Lines;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much heap a parsed sample holds, estimated by walking what it references: what the
 * histories (the session's, every area's) are bounded by, rather than a count of samples or a
 * multiple of the probe output's size (the ratio between the two is 2x for some sections and 6x
 * for others, see issue 16).
 *
 * <p>The walk counts object headers, reference and primitive fields, array bodies and string
 * bytes as a 64-bit JVM with compressed references lays them out (12-byte headers, 4-byte
 * references, 8-byte alignment). An object reached twice is counted once. A list, set, map or
 * array of more than {@link #SAMPLED} elements is not walked whole: {@link #SAMPLED} elements
 * spread over it are, and the rest is counted at their average, which keeps the walk of a 64 MB
 * sample in milliseconds. A test holds the estimate against the heap measured after a full
 * collection (SampleHeapTest).
 */
public final class HeapEstimate {
    /** Elements walked of a larger collection; the others count at their average. */
    static final int SAMPLED = 256;
    private static final int HEADER = 12;
    private static final int ARRAY_HEADER = 16;
    private static final int REF = 4;
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    /** Deeper than this a graph is counted as a reference only (a sample's graph is a few levels deep). */
    private static final int MAX_DEPTH = 64;

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int depth;

    private HeapEstimate(Collection<?> skip) {
        seen.addAll(skip);
    }

    /**
     * The heap held by {@code s}: its parts, problems and probe output, without the sections a light
     * sample carried from the sample before it (that sample holds them; they are counted there).
     */
    public static long of(Sample s) {
        HeapEstimate e = new HeapEstimate(List.of());
        // what a light sample shares with the one before (the carried sections, what they parsed
        // into, and the records and lists those hold, such as the sockets a light sample's TCP
        // table takes from the carried list): counted with that sample, not again with this one
        for (Object shared : s.output().sharedWithEarlier()) {
            e.markShared(shared, 2);
        }
        // the output first: its sections' text is shared by the records that keep their raw lines
        // (sockets, threads), and reached through them it would be multiplied with the sampled
        // elements of their lists
        long output = e.size(s.output());
        return output + e.size(s);
    }

    /**
     * Marks {@code o} as counted, and {@code levels - 1} deep its record components' values and its
     * collections' elements (a shared socket table, its list, the sockets in it: not what those hold,
     * which the walk does not reach once they are marked).
     */
    private void markShared(Object o, int levels) {
        if (o == null || o instanceof Class<?> || o instanceof Enum<?> || !seen.add(o) || levels == 0) {
            return;
        }
        if (o instanceof Lines l) {
            // a view of an earlier output's text: the text and its line starts are what that sample
            // holds, whichever view of them this one reaches
            seen.add(l.text());
            seen.add(l.starts());
            return;
        }
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(v -> markShared(v, levels));
        } else if (o instanceof Map<?, ?> m) {
            m.values().forEach(v -> markShared(v, levels - 1));
        } else if (o instanceof Collection<?> c) {
            c.forEach(v -> markShared(v, levels - 1));
        } else if (o.getClass().isRecord()) {
            // reference components only: a primitive's box is a new object, which nothing else reaches
            for (java.lang.reflect.Method accessor : REFERENCE_COMPONENTS.get(o.getClass())) {
                try {
                    markShared(accessor.invoke(o), levels - 1);
                } catch (ReflectiveOperationException | RuntimeException ex) {
                    // not readable: counted if reached
                }
            }
        }
    }

    /** A record class's accessors of its components that hold references (a shared table marks 100,000 records). */
    private static final ClassValue<java.lang.reflect.Method[]> REFERENCE_COMPONENTS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Method[] computeValue(Class<?> type) {
            List<java.lang.reflect.Method> out = new java.util.ArrayList<>();
            for (var rc : type.getRecordComponents()) {
                if (!rc.getType().isPrimitive()) {
                    java.lang.reflect.Method m = rc.getAccessor();
                    try {
                        m.setAccessible(true);
                    } catch (RuntimeException ex) {
                        // then invoked as it is: a record of another module may refuse, and is counted if reached
                    }
                    out.add(m);
                }
            }
            return out.toArray(new java.lang.reflect.Method[0]);
        }
    };

    /** The heap held by {@code root} and what it references (for tests and other holders). */
    public static long ofObject(Object root) {
        return new HeapEstimate(List.of()).size(root);
    }

    private long size(Object o) {
        if (depth >= MAX_DEPTH) {
            return 0;
        }
        depth++;
        try {
            return sizeOf(o);
        } finally {
            depth--;
        }
    }

    private long sizeOf(Object o) {
        if (o == null || o instanceof Class<?> || o instanceof Enum<?> || !seen.add(o)) {
            return 0;
        }
        if (o instanceof String s) {
            // String: header, hash, coder, flags, value ref; its byte[] holds 1 byte a char (Latin-1) or 2
            boolean latin1 = true;
            for (int i = 0, n = s.length(); i < n && latin1; i++) {
                latin1 = s.charAt(i) < 256;
            }
            return 24 + align(ARRAY_HEADER + (long) s.length() * (latin1 ? 1 : 2));
        }
        if (o instanceof Number || o instanceof Boolean || o instanceof Character) {
            return 16;
        }
        if (o instanceof java.time.Instant || o instanceof java.time.Duration) {
            return 24;
        }
        if (o instanceof java.time.ZoneId || o instanceof java.nio.file.Path) {
            return 0;
        }
        if (o instanceof Optional<?> opt) {
            return 16 + opt.map(this::size).orElse(0L);
        }
        if (o instanceof java.util.OptionalLong || o instanceof java.util.OptionalInt || o instanceof java.util.OptionalDouble) {
            return 24;
        }
        if (o instanceof Lines l) {
            // a view of one output's text: the text and the line starts once (every view of that
            // output shares them), not a string per line (they are made only when read)
            return 32 + size(l.text()) + size(l.starts());
        }
        if (o instanceof Map<?, ?> m) {
            // a hash map: its table, one entry node (or the two slots of an immutable map) per mapping
            long own = 48 + align(ARRAY_HEADER + (long) REF * Math.max(2, Integer.highestOneBit(Math.max(1, m.size())) * 2));
            return own + (long) m.size() * 32 + elements(m.entrySet(), m.size(), true);
        }
        if (o instanceof Collection<?> c) {
            return 24 + align(ARRAY_HEADER + (long) REF * c.size()) + (o instanceof Set<?> ? 32L * c.size() : 0)
                    + elements(c, c.size(), false);
        }
        Class<?> type = o.getClass();
        if (type.isArray()) {
            return array(o, type.getComponentType());
        }
        if (type.getName().startsWith("java.") || type.getName().startsWith("javax.") || type.getName().startsWith("jdk.")) {
            // a JDK object of another kind: its fields are not ours to read
            return 32;
        }
        long total = HEADER;
        for (Field f : fields(type)) {
            Class<?> ft = f.getType();
            if (ft.isPrimitive()) {
                total += ft == long.class || ft == double.class ? 8 : ft == int.class || ft == float.class ? 4
                        : ft == short.class || ft == char.class ? 2 : 1;
                continue;
            }
            total += REF;
            try {
                total += size(f.get(o));
            } catch (IllegalAccessException | RuntimeException e) {
                total += 32;
            }
        }
        return align(total);
    }

    private long elements(Collection<?> c, int n, boolean entries) {
        if (n <= SAMPLED) {
            long sum = 0;
            for (Object e : c) {
                sum += entries ? entry((Map.Entry<?, ?>) e) : size(e);
            }
            return sum;
        }
        long step = Math.max(1, n / SAMPLED);
        long sum = 0;
        int walked = 0;
        long i = 0;
        if (c instanceof List<?> l && c instanceof java.util.RandomAccess) {
            for (long k = 0; k < n && walked < SAMPLED; k += step, walked++) {
                sum += size(l.get((int) k));
            }
        } else {
            for (Object e : c) {
                if (i++ % step == 0 && walked < SAMPLED) {
                    sum += entries ? entry((Map.Entry<?, ?>) e) : size(e);
                    walked++;
                }
            }
        }
        return walked == 0 ? 0 : sum * n / walked;
    }

    private long entry(Map.Entry<?, ?> e) {
        return size(e.getKey()) + size(e.getValue());
    }

    private long array(Object a, Class<?> component) {
        int n = java.lang.reflect.Array.getLength(a);
        if (component.isPrimitive()) {
            int width = component == long.class || component == double.class ? 8 : component == int.class || component == float.class ? 4
                    : component == short.class || component == char.class ? 2 : 1;
            return align(ARRAY_HEADER + (long) width * n);
        }
        long own = align(ARRAY_HEADER + (long) REF * n);
        if (n <= SAMPLED) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += size(java.lang.reflect.Array.get(a, i));
            }
            return own + sum;
        }
        int step = Math.max(1, n / SAMPLED);
        long sum = 0;
        int walked = 0;
        for (int i = 0; i < n && walked < SAMPLED; i += step, walked++) {
            sum += size(java.lang.reflect.Array.get(a, i));
        }
        return own + sum * n / walked;
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> out = new java.util.ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                if (c.getName().startsWith("java.")) {
                    break;
                }
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.add(f);
                    } catch (RuntimeException e) {
                        // not ours to open: counted as a reference only
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
