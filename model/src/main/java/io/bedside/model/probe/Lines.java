package io.bedside.model.probe;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Lines of one probe output, held as that output's text and where each line starts: a section's
 * lines without a string per line. A big host's output has over a million lines; as strings they
 * held about 45 bytes each beyond their text (the string, its array), twice the text of a socket
 * line, and they were a copy of the raw output the session keeps anyway. Here every section, and
 * every record that keeps its raw line for evidence (a socket, a thread), shares the one text.
 *
 * <p>A line is made when it is read ({@link #get}); a {@link #subList} is a view of the same text.
 * Lines end at '\n' only, as {@link ProbeOutputParser#splitLines} splits them. Immutable.
 */
public final class Lines extends AbstractList<String> implements RandomAccess {
    private static final int[] NONE = new int[0];
    private static final Lines EMPTY = new Lines("", NONE, 0, 0);

    private final String text;
    private final int[] starts;
    private final int from;
    private final int size;

    private Lines(String text, int[] starts, int from, int size) {
        this.text = text;
        this.starts = starts;
        this.from = from;
        this.size = size;
    }

    /**
     * {@code lines} as one text and its line starts: for a section put together from lines of
     * several outputs (the fd walk's, which takes unchanged processes' fds from the sample before),
     * which would otherwise keep a string per line.
     *
     * @throws IllegalArgumentException when a line holds a newline (it would read as two)
     */
    public static Lines copyOf(List<String> lines) {
        if (lines instanceof Lines l) {
            return l;
        }
        Joiner j = new Joiner();
        lines.forEach(j::add);
        return j.build();
    }

    @Override
    public String get(int index) {
        Objects.checkIndex(index, size);
        int s = starts[from + index];
        int e = text.indexOf('\n', s);
        return text.substring(s, e < 0 ? text.length() : e);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Lines subList(int fromIndex, int toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, size);
        return toIndex == fromIndex ? EMPTY : new Lines(text, starts, from + fromIndex, toIndex - fromIndex);
    }

    /** The text these lines are read from (shared with every other view of the same output), for heap estimates. */
    public String text() {
        return text;
    }

    /** Where the lines start in {@link #text()} (shared like it), for heap estimates. */
    public int[] starts() {
        return starts;
    }

    /** Where line {@code index} starts in {@link #text()}. */
    public int start(int index) {
        Objects.checkIndex(index, size);
        return starts[from + index];
    }

    /** Where line {@code index} ends in {@link #text()} (its newline, or the text's end). */
    public int end(int index) {
        int s = start(index);
        int e = text.indexOf('\n', s);
        return e < 0 ? text.length() : e;
    }

    /** Whether line {@code index} starts with {@code prefix}, without making the line. */
    public boolean startsWith(int index, String prefix) {
        int s = start(index);
        return end(index) - s >= prefix.length() && text.startsWith(prefix, s);
    }

    /**
     * Puts lines of other {@code Lines} and single lines together into one text, copying characters
     * only: no string per line (the fd walk's merged section takes 100,000 lines from the sample before).
     */
    public static final class Joiner {
        private final StringBuilder text;
        private int[] starts;
        private int count;

        public Joiner() {
            this(16, 16);
        }

        /**
         * A joiner sized for about {@code chars} characters in {@code lines} lines: a text of
         * megabytes grown from nothing is copied a dozen times on the way.
         */
        public Joiner(int chars, int lines) {
            text = new StringBuilder(Math.max(16, chars));
            starts = new int[Math.max(16, lines)];
        }

        private void open() {
            if (count > 0) {
                text.append('\n');
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = text.length();
        }

        /** Line {@code index} of {@code from}. */
        public Joiner add(Lines from, int index) {
            open();
            text.append(from.text, from.start(index), from.end(index));
            return this;
        }

        /**
         * One line of its own.
         *
         * @throws IllegalArgumentException when it holds a newline (it would read as two)
         */
        public Joiner add(String line) {
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a line holds a newline");
            }
            open();
            text.append(line);
            return this;
        }

        /**
         * One line of its own, copied from a builder that is then free to be reused (no string made).
         *
         * @throws IllegalArgumentException when it holds a newline (it would read as two)
         */
        public Joiner add(CharSequence line) {
            for (int i = 0, n = line.length(); i < n; i++) {
                if (line.charAt(i) == '\n') {
                    throw new IllegalArgumentException("a line holds a newline");
                }
            }
            open();
            text.append(line);
            return this;
        }

        public Lines build() {
            return count == 0 ? EMPTY : new Lines(text.toString(), Arrays.copyOf(starts, count), 0, count);
        }
    }

    /** Collects where the lines of one text start. */
    static final class Builder {
        private final String text;
        private int[] starts = new int[16];
        private int count;

        Builder(String text) {
            this.text = text;
        }

        void add(int start) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = start;
        }

        Lines build() {
            return count == 0 ? EMPTY : new Lines(text, count == starts.length ? starts : Arrays.copyOf(starts, count), 0, count);
        }
    }
}
