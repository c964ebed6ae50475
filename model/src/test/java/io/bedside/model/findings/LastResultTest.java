package io.bedside.model.findings;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules' shared work is computed once per sample: by identity of the keys, never by equality. */
class LastResultTest {
    @Test
    void theSameKeysReuseOtherKeysCompute() {
        AtomicInteger computed = new AtomicInteger();
        LastResult<Integer> last = new LastResult<>();
        String a = new String("sample");
        String equalButNotA = new String("sample");
        assertEquals(1, last.get(computed::incrementAndGet, a, null));
        assertEquals(1, last.get(computed::incrementAndGet, a, null), "the same objects: reused");
        assertEquals(2, last.get(computed::incrementAndGet, equalButNotA, null), "an equal but other sample is another sample");
        assertEquals(3, last.get(computed::incrementAndGet, equalButNotA, a), "another second key");
        assertEquals(4, last.get(computed::incrementAndGet, equalButNotA), "fewer keys");
        assertEquals(4, computed.get());
    }
}
