package io.bedside.model.probe;

import java.util.Optional;
import java.util.function.Function;

/**
 * A value read from one source on the host, or the reason there is none. A view shows the
 * reason ("needs root", "not present on this host") instead of a zero or an empty table.
 */
public sealed interface Reading<T> {

    record Present<T>(T value) implements Reading<T> {
    }

    record Absent<T>(SourceStatus status, String detail) implements Reading<T> {
    }

    static <T> Reading<T> of(T value) {
        return new Present<>(value);
    }

    static <T> Reading<T> absent(SourceStatus status, String detail) {
        return new Absent<>(status, detail);
    }

    default Optional<T> get() {
        return this instanceof Present<T> p ? Optional.of(p.value()) : Optional.empty();
    }

    default boolean isPresent() {
        return this instanceof Present<T>;
    }

    default <R> Reading<R> map(Function<T, R> f) {
        if (this instanceof Present<T> p) {
            return new Present<>(f.apply(p.value()));
        }
        Absent<T> a = (Absent<T>) this;
        return new Absent<>(a.status(), a.detail());
    }

    /** A phrase for the operator: the value's own text, or why it is missing. */
    default String describeAbsence() {
        if (this instanceof Absent<T> a) {
            return a.status().describe() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")");
        }
        return "";
    }
}
