package io.bedside.model.probe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a probe output that ended before its end marker lost: the section it was cut in (kept by
 * the parser, but partial) and the sections that never arrived. The transport's size cap cuts an
 * output so, as does a connection that dropped mid-sample; the window shows it in every area whose
 * sections it touches, for as long as the newest sample is cut.
 *
 * @param bytes       how much output arrived (0 for {@code earlier})
 * @param cutShort    the section the output ended in, when it ended inside one
 * @param notReceived the sections the script prints after the cut that did not arrive, in script order
 * @param earlier     the newest output is whole, but a light one: what it carries from the last full
 *                    sample was lost to that sample's cut ({@code notReceived} names it)
 */
public record OutputCut(long bytes, Optional<String> cutShort, List<String> notReceived, boolean earlier) {
    public OutputCut {
        notReceived = List.copyOf(notReceived);
    }

    /**
     * The cut of {@code out}, when it ended before its end marker.
     *
     * @param bytes     how much output arrived
     * @param fragments the sections each fragment of the script prints, in the script's order
     */
    public static Optional<OutputCut> of(ProbeOutput out, long bytes, List<Set<String>> fragments) {
        if (out.complete()) {
            List<String> lost = out.sections().values().stream()
                    .filter(s -> s.status() == SourceStatus.NOT_RECEIVED && ProbeOutput.LOST_TO_A_CUT.equals(s.detail()))
                    .map(Section::name).toList();
            return lost.isEmpty() ? Optional.empty() : Optional.of(new OutputCut(0, Optional.empty(), lost, true));
        }
        String last = null;
        for (String n : out.sections().keySet()) {
            last = n;
        }
        // the fragments from the one the cut came in: what they print and the output lacks did not arrive
        int from = 0;
        for (int i = 0; i < fragments.size(); i++) {
            if (last != null && fragments.get(i).contains(last)) {
                from = i;
            }
        }
        Set<String> lost = new LinkedHashSet<>();
        for (int i = from; i < fragments.size(); i++) {
            for (String n : fragments.get(i)) {
                if (!out.sections().containsKey(n)) {
                    lost.add(n);
                }
            }
        }
        return Optional.of(new OutputCut(bytes, Optional.ofNullable(last), new ArrayList<>(lost), false));
    }

    /** Which of {@code sections} this cut touches (cut short or not received), in the order given. */
    public List<String> touched(Collection<String> sections) {
        List<String> out = new ArrayList<>();
        for (String s : sections) {
            if (cutShort.filter(s::equals).isPresent() || notReceived.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether {@code section} was cut short or did not arrive. */
    public boolean touches(String section) {
        return cutShort.filter(section::equals).isPresent() || notReceived.contains(section);
    }

    /**
     * What happened to {@code sections} (some of those this cut touches), as a clause:
     * "proc-fds was cut short; fd-deleted and proc-threads did not arrive".
     */
    public String clause(List<String> sections) {
        List<String> missing = sections.stream().filter(notReceived::contains).toList();
        Optional<String> shortened = cutShort.filter(sections::contains);
        String a = shortened.map(s -> s + " was cut short").orElse("");
        String b = missing.isEmpty() ? "" : and(missing) + " did not arrive";
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    /** "a", "a and b", "a, b and c". */
    public static String and(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
