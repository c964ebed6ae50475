package io.bedside.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Subject;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one JSON shape of a finding, wherever it goes ({@code diagnose --json}, the report's
 * evidence.json): {@code id}, {@code severity}, {@code summary}, {@code subjects} (each with its
 * {@code kind} and its fields under the kernel's names), {@code evidence} and {@code fixes}. An
 * owner is written as it is shown ("1000 (alice)"); an empty optional is null; a list or map of
 * fields (a blocked process' threads) stays JSON, not Java's text of it.
 */
public final class FindingJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FindingJson() {
    }

    public static ObjectNode finding(Finding f) {
        ObjectNode o = NODES.objectNode();
        o.put("id", f.id()).put("severity", f.severity().token()).put("summary", f.summary());
        ArrayNode subjects = o.putArray("subjects");
        f.subjects().forEach(s -> subjects.add(subject(s)));
        ArrayNode ev = o.putArray("evidence");
        for (Evidence e : f.evidence()) {
            ObjectNode eo = ev.addObject();
            eo.put("source", e.source()).put("caption", e.caption());
            ArrayNode lines = eo.putArray("lines");
            e.lines().forEach(lines::add);
        }
        ArrayNode fixes = o.putArray("fixes");
        f.fixes().forEach(x -> fixes.add(FixOfferJson.write(x)));
        return o;
    }

    public static ObjectNode subject(Subject s) {
        ObjectNode o = NODES.objectNode();
        o.put("kind", s.kind().token());
        s.forEach((k, v) -> o.set(k, value(v)));
        return o;
    }

    /** A field's value as JSON. */
    static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (v instanceof Owner owner) {
            return NODES.textNode(owner.show());
        }
        if (v instanceof Optional<?> o) {
            return o.map(FindingJson::value).orElse(NODES.nullNode());
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? NODES.numberNode(o.getAsLong()) : NODES.nullNode();
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? NODES.numberNode(o.getAsInt()) : NODES.nullNode();
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? NODES.numberNode(o.getAsDouble()) : NODES.nullNode();
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(x -> a.add(value(x)));
            return a;
        }
        return NODES.textNode(String.valueOf(v));
    }
}
