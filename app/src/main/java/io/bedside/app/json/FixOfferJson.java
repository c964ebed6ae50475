package io.bedside.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bedside.model.findings.FixOffer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fix a finding offers, in JSON: {@code {"id": "mem.oom.protect", "params": {"pid": "4487"}}}.
 * The params are the {@code key=value} words {@code bedside fix} takes, as strings.
 */
public final class FixOfferJson {
    private FixOfferJson() {
    }

    public static ObjectNode write(FixOffer offer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", offer.fixId());
        ObjectNode p = o.putObject("params");
        offer.params().forEach(p::put);
        return o;
    }

    /**
     * @throws IllegalArgumentException when {@code node} is not an offer as {@link #write} makes it
     */
    public static FixOffer read(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("id").isTextual()) {
            throw new IllegalArgumentException("A fix offer is an object with a text id.");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = node.path("params");
        if (!p.isMissingNode() && !p.isObject()) {
            throw new IllegalArgumentException("The params of fix " + node.get("id").asText() + " are not an object.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("Parameter " + e.getKey() + " of fix " + node.get("id").asText() + " is not text.");
            }
            params.put(e.getKey(), e.getValue().asText());
        }
        return new FixOffer(node.get("id").asText(), params);
    }
}
