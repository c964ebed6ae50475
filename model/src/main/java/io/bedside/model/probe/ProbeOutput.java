package io.bedside.model.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Probe output split into its sections.
 *
 * @param header    key=value pairs of the {@code @@bedside:probe} line
 * @param sections  sections by name, in the order printed
 * @param trailer   key=value pairs of the {@code @@bedside:end} line; empty when truncated
 * @param complete  whether the end marker arrived (false: output truncated)
 * @param problems  problems found while splitting (stray lines, duplicate sections, truncation)
 * @param carried   sections this light sample did not read, taken from an earlier full sample:
 *                  name to when that sample arrived (see {@link #carryForward})
 * @param costs     what the sections this output read cost the host, from the probe's {@code cpu}
 *                  marks; empty for outputs of probes before them
 */
public record ProbeOutput(Map<String, String> header, Map<String, Section> sections,
                          Map<String, String> trailer, boolean complete, List<ParseProblem> problems,
                          Map<String, java.time.Instant> carried, List<SectionCost> costs) {
    public ProbeOutput {
        header = Map.copyOf(header);
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        trailer = Map.copyOf(trailer);
        problems = List.copyOf(problems);
        carried = Map.copyOf(carried);
        costs = List.copyOf(costs);
    }

    /**
     * This output with {@code section} in place of the one of the same name (a part's completion of an
     * incremental walk), everything else the same.
     */
    public ProbeOutput with(Section section) {
        Map<String, Section> s = new LinkedHashMap<>(sections);
        s.put(section.name(), section);
        return new ProbeOutput(header, s, trailer, complete, problems, carried, costs);
    }

    /**
     * The detail of a section a light sample would have carried from a full sample whose output
     * was cut in it or before it: not received, until the next full sample reads it whole.
     */
    public static final String LOST_TO_A_CUT = "the last full sample's output was cut before it arrived whole";

    /**
     * Sections older probes printed on full samples only, without a "skipped" marker on light ones
     * (recordings keep such outputs): a light output carries them from the full one before it.
     */
    private static final java.util.Set<String> FULL_ONLY_BEFORE = java.util.Set.of("vmstat-oom");

    public ProbeOutput(Map<String, String> header, Map<String, Section> sections,
                       Map<String, String> trailer, boolean complete, List<ParseProblem> problems) {
        this(header, sections, trailer, complete, problems, Map.of(), List.of());
    }

    public ProbeOutput(Map<String, String> header, Map<String, Section> sections,
                       Map<String, String> trailer, boolean complete, List<ParseProblem> problems,
                       List<SectionCost> costs) {
        this(header, sections, trailer, complete, problems, Map.of(), costs);
    }

    /**
     * This output with every section it skipped (a light sample) taken from {@code previous}, the
     * output of the sample before it (itself carried forward, so a reading passes down a run of
     * light samples), when previous read it. {@code previousAt} is when previous arrived; a
     * section carried further keeps the time it was really read.
     */
    public ProbeOutput carryForward(ProbeOutput previous, java.time.Instant previousAt) {
        if (previous == null || sections.values().stream().noneMatch(s -> s.status() == SourceStatus.SKIPPED)) {
            return this;
        }
        Map<String, Section> merged = new LinkedHashMap<>();
        Map<String, java.time.Instant> from = new LinkedHashMap<>();
        // the section the output before was cut in: its partial table, passed on, would look whole
        String cutIn = previous.complete() ? null : previous.sections().keySet().stream().reduce((a, b) -> b).orElse("");
        sections.forEach((name, s) -> {
            Section p = previous.sections().get(name);
            if (s.status() == SourceStatus.SKIPPED && cutIn != null && (p == null || name.equals(cutIn))) {
                merged.put(name, new Section(name, SourceStatus.NOT_RECEIVED, LOST_TO_A_CUT, List.of()));
            } else if (s.status() == SourceStatus.SKIPPED && p != null && p.status() != SourceStatus.SKIPPED) {
                merged.put(name, p);
                from.put(name, previous.carried().getOrDefault(name, previousAt));
            } else {
                merged.put(name, s);
            }
        });
        if (complete) {
            // older probes printed vmstat-oom on full samples only, with no "skipped" marker: a
            // complete light output without it carries it too, or the unreadable kernel log would
            // drop from warning to info on every light sample (diagnose reads a full one)
            previous.sections().forEach((name, p) -> {
                if (FULL_ONLY_BEFORE.contains(name) && !merged.containsKey(name) && p.status() != SourceStatus.SKIPPED) {
                    merged.put(name, p);
                    from.put(name, previous.carried().getOrDefault(name, previousAt));
                }
            });
        }
        return new ProbeOutput(header, merged, trailer, complete, problems, from, costs);
    }

    /**
     * Reads the section {@code name} through {@code parser}: absent with the reason when the probe did
     * not report it (an error in a complete output, not received in a cut one), when the host could
     * not give it, or when it did not parse; never a zero.
     */
    public <T> Reading<T> read(String name, List<ParseProblem> problems,
                               java.util.function.Function<List<String>, Optional<T>> parser) {
        Optional<Section> s = section(name);
        if (s.isEmpty()) {
            return Reading.absent(complete() ? SourceStatus.ERROR : SourceStatus.NOT_RECEIVED,
                    complete() ? "the probe did not report " + name : name);
        }
        Section section = s.get();
        if (section.status() != SourceStatus.OK) {
            return Reading.absent(section.status(), section.detail());
        }
        Optional<T> v = ParsedSections.parse(section, problems, parser);
        return v.<Reading<T>>map(Reading::of)
                .orElseGet(() -> Reading.absent(SourceStatus.ERROR, name + " did not parse"));
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /**
     * The host facts' key=value lines: the {@code host} section and, when read or carried,
     * {@code host-static} (the machine and the time zone, which a light sample does not read; older
     * probes printed them in {@code host} itself).
     */
    public List<String> hostLines() {
        List<String> lines = new java.util.ArrayList<>(section("host").map(Section::lines).orElse(List.of()));
        section("host-static").filter(s -> s.status() == SourceStatus.OK).ifPresent(s -> lines.addAll(s.lines()));
        return lines;
    }

    /**
     * What this output shares with the sample before it: the sections it carried and what they
     * parsed into (the same objects that sample holds), for the heap estimate to count them once.
     */
    public List<Object> sharedWithEarlier() {
        List<Object> out = new java.util.ArrayList<>();
        for (String name : carried.keySet()) {
            Section s = sections.get(name);
            if (s != null) {
                out.add(s);
                out.addAll(ParsedSections.values(s));
            }
        }
        return out;
    }

    /**
     * Whether this output needs no sample before it: it skipped no section (a light sample; once
     * carried, the sections it took from before) and walked every process's fds
     * ({@code incremental=1} in the trailer says it did not). Replays and diagnose start reading
     * at such an output.
     */
    public boolean standsAlone() {
        return !"1".equals(trailer.get("incremental")) && carried.isEmpty()
                && sections.values().stream().noneMatch(s -> s.status() == SourceStatus.SKIPPED);
    }

    /** The probe's own run time on the host in nanoseconds, when it reported it. */
    public OptionalLong elapsedNanos() {
        return longField(trailer, "elapsed_ns");
    }

    /**
     * CPU time the probe used on the host (its shell plus the children it waited for), in
     * clock ticks of USER_HZ (100 per second on every mainstream Linux ABI), from the
     * {@code stat=} field of the trailer, which is /proc/self/stat after the command name.
     */
    public OptionalLong cpuTicks() {
        String stat = trailer.get("stat");
        if (stat == null) {
            return OptionalLong.empty();
        }
        String[] f = stat.trim().split(" ");
        // after "comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        if (f.length < 15) {
            return OptionalLong.empty();
        }
        try {
            long sum = 0;
            for (int i = 11; i <= 14; i++) {
                sum += Long.parseLong(f[i]);
            }
            return OptionalLong.of(sum);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The probe shell's own pid on the host ({@code pid=} of the header), when it reported it. */
    public java.util.OptionalInt probePid() {
        OptionalLong v = longField(header, "pid");
        return v.isPresent() && v.getAsLong() > 0 && v.getAsLong() <= Integer.MAX_VALUE
                ? java.util.OptionalInt.of((int) v.getAsLong()) : java.util.OptionalInt.empty();
    }

    /**
     * The pid of the probe's parent (sudo, or the session's sshd), from the trailer's
     * {@code stat=} (/proc/self/stat after the name: state, then ppid), when it reported it.
     */
    public java.util.OptionalInt probeParentPid() {
        String stat = trailer.get("stat");
        if (stat == null) {
            return java.util.OptionalInt.empty();
        }
        String[] f = stat.trim().split(" ");
        if (f.length < 2 || !f[1].matches("[0-9]{1,9}")) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(Integer.parseInt(f[1]));
    }

    public OptionalLong hostEpochNanos() {
        return longField(header, "epoch_ns");
    }

    private static OptionalLong longField(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
