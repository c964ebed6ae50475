package io.bedside.model.findings;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One thing a finding is about: what kind of thing it is, and its fields named after the kernel's
 * own (a process' {@code pid} and {@code comm}, a semaphore array's {@code semid}). Readers ask
 * {@link #kind()} rather than guess it from the fields present. As a map it is its fields alone
 * (the kind is not one of them), in the order the rule put them; an owner is an {@link Owner}.
 */
public final class Subject extends AbstractMap<String, Object> {
    /** What a subject is; its token names it in JSON ({@code "kind": "process"}). */
    public enum Kind {
        /** A running (or last seen running) process: {@code pid}, {@code comm}. */
        PROCESS("process"),
        /** An OOM kill read from the kernel log: {@code pid}, {@code comm}, {@code time}. */
        KILL("kill"),
        /** A boot of the host: where the one before it ended. */
        BOOT("boot"),
        /** A System V IPC object: a semaphore array, a shared memory segment, a message queue. */
        IPC_OBJECT("ipc-object"),
        /** A figure past its thresholds, such as MemAvailable or PSI memory. */
        METRIC("metric"),
        /** A kernel limit and its use, such as {@code SEMMNI}. */
        LIMIT("limit"),
        /** A socket, or a process' sockets in one state. */
        SOCKET("socket"),
        /** A pipe and its ends. */
        PIPE("pipe"),
        /** A probe source that could not be read, and what it leaves untold. */
        SOURCE("source");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    private final Kind kind;
    private final Map<String, Object> fields;

    private Subject(Kind kind, Map<String, Object> fields) {
        this.kind = Objects.requireNonNull(kind);
        if (fields.containsKey("kind")) {
            throw new IllegalArgumentException("a subject's kind is not one of its fields");
        }
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A subject of {@code kind} with {@code fields} (copied, in their order; values may be null). */
    public static Subject of(Kind kind, Map<String, Object> fields) {
        return new Subject(kind, fields);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether it is of {@code k}. */
    public boolean is(Kind k) {
        return kind == k;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return fields.entrySet();
    }

    @Override
    public Object get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public String toString() {
        return kind.token() + fields;
    }
}
