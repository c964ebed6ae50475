package io.bedside.model.probe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cache of parsed big sections: a section read every sample stays parsed while newer sections come and go. */
class ParsedSectionsTest {

    private static Section big(String name) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ParsedSections.MIN_LINES; i++) {
            lines.add(name + " " + i);
        }
        return new Section(name, SourceStatus.OK, "", Lines.copyOf(lines));
    }

    @Test
    void aSectionReadEverySampleIsParsedOnceWhileOthersPassThrough() {
        AtomicInteger parses = new AtomicInteger();
        Function<List<String>, Optional<Integer>> parser = l -> Optional.of(parses.incrementAndGet());
        Section carried = big("ss-tcp");
        List<Section> held = new ArrayList<>(); // the samples hold their sections
        assertEquals(Optional.of(1), ParsedSections.parse(carried, new ArrayList<>(), parser));
        for (int sample = 0; sample < 100; sample++) {
            Section fresh = big("proc-fds-" + sample);
            held.add(fresh);
            ParsedSections.parse(fresh, new ArrayList<>(), parser);
            assertEquals(Optional.of(1), ParsedSections.parse(carried, new ArrayList<>(), parser), "sample " + sample);
        }
        assertEquals(101, parses.get(), "the carried section once, each fresh one once");
    }

    @Test
    void aValueReadEverySampleOutlivesACollectionThatNothingElseHoldsItThrough() {
        // a light sample's merged table holds the carried sockets, not the parsed table itself
        AtomicInteger parses = new AtomicInteger();
        Function<List<String>, Optional<Object>> parser = l -> {
            parses.incrementAndGet();
            return Optional.of(new Object());
        };
        Section carried = big("ss-tcp");
        List<Section> held = new ArrayList<>();
        for (int sample = 0; sample < 5; sample++) {
            Section fresh = big("proc-fds-" + sample);
            held.add(fresh);
            ParsedSections.parse(fresh, new ArrayList<>(), parser);
            int before = parses.get();
            ParsedSections.parse(carried, new ArrayList<>(), parser); // the value is dropped here
            System.gc();
            ParsedSections.parse(carried, new ArrayList<>(), parser);
            assertEquals(sample == 0 ? before + 1 : before, parses.get(), "sample " + sample + ": parsed again after a collection");
        }
    }
}
