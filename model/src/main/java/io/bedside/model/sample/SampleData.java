package io.bedside.model.sample;

import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.Reading;
import io.bedside.model.host.HostFacts;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Helpers for a playbook's part of a sample as plain data ({@code Playbook.data}): a reading is
 * its value's map with {@code "status": "ok"}, or {@code {"status": token, "detail": ...}} when the
 * host did not give it; a value the host did not report inside a reading is {@code null}, never 0.
 */
public final class SampleData {
    private SampleData() {
    }

    /** A new ordered map, the shape of every JSON object of a playbook's part. */
    public static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }

    /**
     * {@code {"status": "ok", ...fill...}} for a present reading, {@code {"status": token, "detail": ...}}
     * for an absent one.
     */
    public static <T> Map<String, Object> reading(Reading<T> r, Function<T, Map<String, Object>> fill) {
        Map<String, Object> out = map();
        if (r instanceof Reading.Present<T> p) {
            out.put("status", SourceStatus.OK.token());
            out.putAll(fill.apply(p.value()));
        } else if (r instanceof Reading.Absent<T> a) {
            out.put("status", a.status().token());
            out.put("detail", a.detail());
        }
        return out;
    }

    /** {@code {"status": token, "detail": ...}} of an absent reading. */
    public static Map<String, Object> absence(Reading.Absent<?> a) {
        Map<String, Object> out = map();
        out.put("status", a.status().token());
        out.put("detail", a.detail());
        return out;
    }

    public static Long value(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    public static Integer value(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    public static Double value(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    public static <T> T value(Optional<T> v) {
        return v.orElse(null);
    }

    public static String time(Instant t) {
        return t.toString();
    }

    /** The user names a sample tells: root, and the user the probe ran as. */
    public static Map<Long, String> userNames(Sample s) {
        return HostFacts.userNames(s.facts().get());
    }

    /** An owner: {@code {"uid": 0, "user": "root"}}, the user null where the sample does not name it. */
    public static Map<String, Object> owner(long uid, Map<Long, String> names) {
        Map<String, Object> out = map();
        out.put("uid", uid);
        out.put("user", names.get(uid));
        return out;
    }
}
