package io.bedside.model.probe;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the big sections parsed into, kept while samples hold them: a light sample carries the last
 * full sample's process, fd, thread and socket lists as the same {@link Section} objects, and
 * parsing 100,000 lines again for each of them would cost the app more than the host saved. A few
 * entries by the section's identity (held weakly: once no sample holds the section, its entry
 * goes) and the parser's class (one per call site), with the problems the parse found, which a
 * reuse reports again. What it parsed into is held weakly too: the samples that read the section
 * hold it, and once they are gone nothing here keeps it; except the last few values read, held
 * strongly: a light sample's merged TCP table holds the carried sockets, not the carried table,
 * so a collection between two light samples would otherwise drop the list every light sample
 * reads, and the next one parsed its 100,000 lines again. Small sections are parsed every time.
 */
final class ParsedSections {
    /** Sections with fewer lines are parsed again: cheap, and the cache stays small. */
    static final int MIN_LINES = 512;
    private static final int SIZE = 32;
    private static final Entry[] KEPT = new Entry[SIZE];
    /** The values read last, held strongly (a sample's big sections: processes, fds, threads, sockets). */
    static final int HELD_SIZE = 6;
    private static final Object[] HELD = new Object[HELD_SIZE];

    /** @param value what the parse returned (weakly), or null for an empty result */
    private record Entry(WeakReference<Section> section, Class<?> parser, WeakReference<Object> value, List<ParseProblem> problems) {
    }

    private ParsedSections() {
    }

    /** What {@code s} parsed into and is kept here (one value per parser that read it). */
    static List<Object> values(Section s) {
        List<Object> out = new ArrayList<>();
        synchronized (KEPT) {
            for (Entry e : KEPT) {
                Object v = e == null || e.value == null ? null : e.value.get();
                if (e != null && e.section.get() == s && v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> Optional<T> parse(Section s, List<ParseProblem> problems, Function<List<String>, Optional<T>> parser) {
        if (s.lines().size() < MIN_LINES) {
            return parser.apply(s.lines());
        }
        synchronized (KEPT) {
            for (int i = 0; i < SIZE; i++) {
                Entry e = KEPT[i];
                Section k = e == null ? null : e.section.get();
                Object v = e == null || e.value == null ? null : e.value.get();
                if (e != null && (k == null || (e.value != null && v == null))) {
                    KEPT[i] = null;
                } else if (k == s && e.parser == parser.getClass()) {
                    // to the front: the least recently read goes first (a TCP list carried past a
                    // few full samples, each adding its new sections, is still read every sample)
                    System.arraycopy(KEPT, 0, KEPT, 1, i);
                    KEPT[0] = e;
                    problems.addAll(e.problems);
                    hold(v);
                    return Optional.ofNullable((T) v);
                }
            }
        }
        int before = problems.size();
        Optional<T> v = parser.apply(s.lines());
        List<ParseProblem> found = List.copyOf(new ArrayList<>(problems.subList(before, problems.size())));
        synchronized (KEPT) {
            System.arraycopy(KEPT, 0, KEPT, 1, SIZE - 1);
            KEPT[0] = new Entry(new WeakReference<>(s), parser.getClass(), v.<WeakReference<Object>>map(WeakReference::new).orElse(null), found);
            hold(v.orElse(null));
        }
        return v;
    }

    /** {@code v} to the front of the values held strongly; called holding KEPT's lock. */
    private static void hold(Object v) {
        if (v == null) {
            return;
        }
        int at = HELD_SIZE - 1;
        for (int i = 0; i < HELD_SIZE; i++) {
            if (HELD[i] == v) {
                at = i;
                break;
            }
        }
        System.arraycopy(HELD, 0, HELD, 1, at);
        HELD[0] = v;
    }
}
