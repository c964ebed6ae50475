package io.bedside.model.sample;

import io.bedside.model.probe.ProbeOutputParser;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.ProbeStats;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.probe.Reading;
import io.bedside.model.host.HostFacts;
import io.bedside.model.host.HostFactsParser;
import io.bedside.model.host.LoadAverageParser;
import io.bedside.model.host.MemInfoParser;
import io.bedside.model.host.PressureParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns raw probe output into a {@link Sample}: split into sections, the host's own sections
 * through their parsers, then every part it was given through its reader. A source that is
 * missing, unreadable, needs root or did not parse becomes an {@link Reading.Absent} with the
 * reason, never a zero. The parts come from the playbook registry
 * ({@code io.bedside.model.playbooks.Playbooks.parser()}); this class names no playbook.
 */
public final class SampleParser {
    private final List<SamplePart<?>> parts;

    /** A parser of the host's sections and of {@code parts}, in that order; one part per type. */
    public SampleParser(List<? extends SamplePart<?>> parts) {
        Set<Class<?>> types = new HashSet<>();
        for (SamplePart<?> p : parts) {
            if (!types.add(p.type())) {
                throw new IllegalArgumentException("two sample parts are of type " + p.type().getName());
            }
        }
        this.parts = List.copyOf(parts);
    }

    /** The parts it reads, in order. */
    public List<SamplePart<?>> parts() {
        return parts;
    }

    /** Every list on demand its parts declare ({@link SamplePart#listsOnDemand}), in the parts' order. */
    public List<ListOnDemand> listsOnDemand() {
        return parts.stream().flatMap(p -> p.listsOnDemand().stream()).toList();
    }

    /**
     * The line that makes a full run leave out the lists on demand that are not {@code wanted} and
     * that {@code latest} holds whole (so the next sample carries them): {@code BS_NOLIST='NAME ...'},
     * or "" when every list is to be read (a list not held is read again, not carried absent).
     */
    public String leaveOut(Set<String> wanted, Sample latest) {
        if (latest == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (ListOnDemand l : listsOnDemand()) {
            if (!wanted.contains(l.name()) && l.held().test(latest)) {
                b.append(b.length() == 0 ? "" : " ").append(l.name());
            }
        }
        return b.length() == 0 ? "" : LEAVE_OUT + "='" + b + "'\n";
    }

    /** The variable a full run's probe reads the lists to leave out from. */
    public static final String LEAVE_OUT = "BS_NOLIST";

    public Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis) {
        return parse(source, receivedAt, rawOutput, roundTripMillis, null);
    }

    /**
     * As {@link #parse(String, Instant, String, long)}, for the next sample of a session or a
     * recording: the sections a light sample skipped are read from {@code previous} (the sample
     * before it, or null), so every sample carries a whole picture of the host.
     */
    public Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis, Sample previous) {
        return parse(source, receivedAt, rawOutput, roundTripMillis, previous, null);
    }

    /**
     * As {@link #parse(String, Instant, String, long, Sample)}, for output of a probe run started
     * with the boundary token {@code expectedToken}: output that does not carry it is not used.
     */
    public Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis, Sample previous,
                        String expectedToken) {
        ProbeOutput out = ProbeOutputParser.parse(rawOutput, expectedToken);
        if (previous != null) {
            out = out.carryForward(previous.output(), previous.sampledAt());
        }
        for (SamplePart<?> p : parts) {
            out = p.complete(out, previous == null ? null : previous.output());
        }
        List<ParseProblem> problems = new ArrayList<>(out.problems());
        Reading<HostFacts> facts = readFacts(out, problems);
        var load = out.read("loadavg", problems, lines -> LoadAverageParser.parse(lines, problems));
        var mem = out.read("meminfo", problems, lines -> MemInfoParser.parse(lines, problems));
        var psi = out.read("pressure-memory", problems, lines -> PressureParser.parse("pressure-memory", lines, problems));
        Map<Class<?>, Object> read = new LinkedHashMap<>();
        for (SamplePart<?> p : parts) {
            read.put(p.type(), read(p, out, problems, previous));
        }
        long bytes = utf8Length(rawOutput);
        ProbeStats stats = new ProbeStats(roundTripMillis, out.elapsedNanos(), out.cpuTicks(), bytes);
        Instant hostTime = out.hostEpochNanos().isPresent()
                ? Instant.ofEpochSecond(0, out.hostEpochNanos().getAsLong()) : receivedAt;
        Sample s = new Sample(source, receivedAt, hostTime, facts, load, mem, psi, read, stats, problems, out);
        // what the histories are bounded by: the heap this sample holds, measured by walking it once
        return new Sample(source, receivedAt, hostTime, facts, load, mem, psi, read, stats.withHeapBytes(HeapEstimate.of(s)),
                s.problems(), out);
    }

    private static <T> T read(SamplePart<T> part, ProbeOutput out, List<ParseProblem> problems, Sample previous) {
        return part.read(out, problems, previous == null ? null : previous.part(part.type()));
    }

    /** The UTF-8 length of {@code s} without encoding it (a 64 MB output is not copied to count it). */
    static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // an unpaired surrogate is encoded as '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * What the parts carry to the next probe run, put in front of the script: each part's
     * {@link SamplePart#prelude} of {@code latest} (null before the first run).
     *
     * @param previous the preludes returned for the run before, by part type; updated in place
     */
    public String prelude(Sample latest, Map<Class<?>, String> previous) {
        StringBuilder b = new StringBuilder();
        for (SamplePart<?> p : parts) {
            String line = preludeOf(p, latest, previous.getOrDefault(p.type(), ""));
            previous.put(p.type(), line);
            b.append(line);
        }
        for (SamplePart<?> p : parts) {
            b.append(fullRunPreludeOf(p, latest));
        }
        return b.toString();
    }

    /**
     * What goes in front of a light run: the preludes {@link #prelude} last put together, less the
     * parts' {@link SamplePart#fullRunPrelude}s.
     *
     * @param previous the map {@link #prelude} updated
     */
    public String lightPrelude(Map<Class<?>, String> previous) {
        StringBuilder b = new StringBuilder();
        for (SamplePart<?> p : parts) {
            b.append(previous.getOrDefault(p.type(), ""));
        }
        return b.toString();
    }

    /** What makes a probe run read everything: each part's {@link SamplePart#standAlone}, after the preludes. */
    public String standAlone() {
        StringBuilder b = new StringBuilder();
        parts.forEach(p -> b.append(p.standAlone()));
        return b.toString();
    }

    private static <T> String fullRunPreludeOf(SamplePart<T> p, Sample latest) {
        String line = p.fullRunPrelude(latest == null ? null : latest.part(p.type()));
        return line == null ? "" : line;
    }

    private static <T> String preludeOf(SamplePart<T> p, Sample latest, String before) {
        T part = latest == null ? null : latest.part(p.type());
        String line = p.prelude(part, before);
        return line == null ? "" : line;
    }

    private static Reading<HostFacts> readFacts(ProbeOutput out, List<ParseProblem> problems) {
        Optional<Section> host = out.section("host");
        if (host.isEmpty()) {
            return Reading.absent(SourceStatus.NOT_RECEIVED, "host facts");
        }
        List<String> os = out.section("os-release").filter(s -> s.status() == SourceStatus.OK).map(Section::lines).orElse(List.of());
        List<String> up = out.section("uptime").filter(s -> s.status() == SourceStatus.OK).map(Section::lines).orElse(List.of());
        return HostFactsParser.parse(out.hostLines(), os, up, problems)
                .<Reading<HostFacts>>map(Reading::of)
                .orElseGet(() -> Reading.absent(SourceStatus.ERROR, "host facts did not parse"));
    }
}
