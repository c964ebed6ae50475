package io.bedside.model.sockets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One object for equal values within one parse: a host's 100,000 sockets share a few local
 * addresses, listening endpoints and cgroups, its 100,000 threads a few hundred wait channels and
 * names. A parsed sample held 6x its probe output before (its lines are now views of the output's
 * text, see probe/Lines), much of it the same text over and over. Per parse, not global: what it
 * holds goes with the parse.
 */
final class Dedup {
    private final Map<Object, Object> seen = new HashMap<>();
    /** Endpoints by their text (no key object made per lookup: a big host's 100,000 sockets look up two each). */
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private String lastUidText;
    private java.util.OptionalLong lastUid;

    /** The first equal string this parse saw. */
    String text(String s) {
        return s == null ? null : (String) seen.computeIfAbsent(s, k -> k);
    }

    /** The value made from {@code key} the first time this parse saw it ({@code make} runs once per key and must not use this). */
    @SuppressWarnings("unchecked")
    <T> T of(String kind, String key, Function<String, T> make) {
        return (T) seen.computeIfAbsent(new Key(kind, key), k -> make.apply(key));
    }

    /**
     * The endpoint of an ss address column, one object per text; its address and device are the
     * first equal strings (a host's clients: many ports of few addresses).
     */
    Endpoint endpoint(String text) {
        Endpoint e = endpoints.get(text);
        if (e == null) {
            Endpoint p = Endpoint.parseSs(text);
            e = new Endpoint(text(p.address()), p.port(), p.device().isEmpty() ? p.device() : optional(p.device().get()));
            endpoints.put(text, e);
        }
        return e;
    }

    /**
     * The uid an ss {@code uid:} column holds, from the line's characters {@code a} to {@code e}: the
     * one before again when the text is the same (a host's sockets come in runs of one owner).
     */
    java.util.OptionalLong uid(String line, int a, int e) {
        if (lastUidText != null && lastUidText.length() == e - a && line.startsWith(lastUidText, a)) {
            return lastUid;
        }
        String t = line.substring(a, e);
        java.util.OptionalLong v = of("uid", t, x -> java.util.OptionalLong.of(Fields.number(x, "uid")));
        lastUidText = t;
        lastUid = v;
        return v;
    }

    /** An optional of the first equal string. */
    Optional<String> optional(String s) {
        String t = text(s);
        return of("optional", t, Optional::of);
    }

    private record Key(String kind, String key) {
    }
}
