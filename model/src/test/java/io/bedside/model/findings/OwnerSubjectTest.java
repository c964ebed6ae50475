package io.bedside.model.findings;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OwnerSubjectTest {
    @Test
    void anOwnerIsShownOneWay() {
        assertEquals("1000 (alice)", Owner.of(1000, Map.of(1000L, "alice")).show());
        assertEquals("48", Owner.of(48, Map.of(1000L, "alice")).show(), "no name known: the bare uid");
        assertEquals("48", new Owner(48, Optional.of("  ")).show(), "a blank name is no name");
        assertEquals(Optional.of("alice"), Owner.of(1000, Map.of(1000L, "alice")).name());
    }

    @Test
    void aSubjectIsItsFieldsAsAMapWithItsKindBeside() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", 7L);
        m.put("comm", "java");
        m.put("unit", null);
        Subject s = Subject.of(Subject.Kind.PROCESS, m);
        m.put("pid", 8L);
        assertEquals(7L, s.get("pid"), "copied, not a view of the rule's map");
        assertEquals(List.of("pid", "comm", "unit"), List.copyOf(s.keySet()), "in the rule's order, nulls kept");
        assertEquals(Subject.Kind.PROCESS, s.kind());
        assertEquals(Map.of("pid", 7L, "comm", "java", "unit", "x").size(), s.size(), "three fields: the kind is not one");
        assertThrows(UnsupportedOperationException.class, () -> s.put("pid", 9L));
        assertThrows(IllegalArgumentException.class, () -> Subject.of(Subject.Kind.PROCESS, Map.of("kind", "x")));
    }
}
