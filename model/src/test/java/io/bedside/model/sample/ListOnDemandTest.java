package io.bedside.model.sample;

import io.bedside.model.Fixtures;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Lists on demand: what a full run is told to leave out, from the parts' declarations, the wanted names and the sample before. */
class ListOnDemandTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private record A() {
    }

    private record B() {
    }

    /** A part of type {@code type} declaring {@code lists}. */
    private static <X> SamplePart<X> part(Class<X> type, X value, List<ListOnDemand> lists) {
        return new SamplePart<>() {
            @Override
            public Class<X> type() {
                return type;
            }

            @Override
            public X read(ProbeOutput out, List<ParseProblem> problems) {
                return value;
            }

            @Override
            public List<ListOnDemand> listsOnDemand() {
                return lists;
            }
        };
    }

    @Test
    void aListIsLeftOutOnlyWhenNotWantedAndTheSampleBeforeHoldsIt() {
        ListOnDemand held = new ListOnDemand("tcp", s -> true);
        ListOnDemand missing = new ListOnDemand("threads", s -> false);
        ListOnDemand other = new ListOnDemand("unix-2", s -> true);
        SampleParser p = new SampleParser(List.of(part(A.class, new A(), List.of(held, missing)), part(B.class, new B(), List.of(other))));
        assertEquals(List.of(held, missing, other), p.listsOnDemand());
        Sample before = p.parse("t", T, Fixtures.text("memory/probe-journal-first.txt"), 1);
        // nothing known before: everything is read
        assertEquals("", p.leaveOut(Set.of(), null));
        // not wanted and held: left out, in the parts' order; a list the sample before lacks is read again
        assertEquals("BS_NOLIST='tcp unix-2'\n", p.leaveOut(Set.of(), before));
        assertEquals("BS_NOLIST='unix-2'\n", p.leaveOut(Set.of("tcp"), before));
        assertEquals("", p.leaveOut(Set.of("tcp", "unix-2"), before));
    }

    @Test
    void theRegistryDeclaresTheTcpListAndANameIsPlainWordsOnly() {
        assertEquals(List.of("tcp"), Playbooks.parser().listsOnDemand().stream().map(ListOnDemand::name).toList());
        for (String bad : List.of("", "TCP", "tcp list", "tcp'", "$(id)", "a".repeat(33))) {
            assertThrows(IllegalArgumentException.class, () -> new ListOnDemand(bad, s -> true), bad);
        }
    }
}
