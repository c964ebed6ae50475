package io.bedside.model.findings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fix a finding offers, with the parameters its rule already knows: the orphaned semids, the pid
 * to protect, the unit to restart. They are what {@code bedside fix ID key=value...} takes and
 * what the wizard starts with; an operator may still change them there.
 *
 * @param fixId  the fix's id, e.g. {@code ipc.sem.remove-orphans}
 * @param params the parameters, in the order the rule gave them; values are plain text
 *               (a host string among them is escaped by whoever shows it)
 */
public record FixOffer(String fixId, Map<String, String> params) {
    public FixOffer {
        Objects.requireNonNull(fixId);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** An offer without parameters. */
    public static FixOffer of(String fixId) {
        return new FixOffer(fixId, Map.of());
    }

    /** An offer with one parameter. */
    public static FixOffer of(String fixId, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, value);
        return new FixOffer(fixId, m);
    }

    /** The words {@code bedside fix} takes after the source: the fix id, then each {@code key=value}, raw. */
    public List<String> words() {
        List<String> w = new java.util.ArrayList<>();
        w.add(fixId);
        params.forEach((k, v) -> w.add(k + "=" + v));
        return w;
    }

    /** The fix ids of {@code offers}, in order. */
    public static List<String> ids(List<FixOffer> offers) {
        return offers.stream().map(FixOffer::fixId).toList();
    }

    /** Whether one of {@code offers} is {@code fixId}. */
    public static boolean offers(List<FixOffer> offers, String fixId) {
        return offers.stream().anyMatch(o -> o.fixId().equals(fixId));
    }
}
