package io.bedside.model.probe;

import io.bedside.model.host.HostFacts;
import io.bedside.model.host.HostFactsParser;
import io.bedside.model.host.LoadAverageParser;
import io.bedside.model.host.MemInfoParser;
import io.bedside.model.host.PressureParser;
import io.bedside.model.ipc.IpcSnapshot;
import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.sockets.SocketSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns raw probe output into a {@link Sample}: split into sections, then each section through
 * its parser. A source that is missing, unreadable, needs root or did not parse becomes an
 * {@link Reading.Absent} with the reason, never a zero.
 */
public final class SampleParser {
    private SampleParser() {
    }

    public static Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis) {
        return parse(source, receivedAt, rawOutput, roundTripMillis, null);
    }

    /**
     * As {@link #parse(String, Instant, String, long)}, for the next sample of a session or a
     * recording: the sections a light sample skipped are read from {@code previous} (the sample
     * before it, or null), so every sample carries a whole picture of the host.
     */
    public static Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis, Sample previous) {
        return parse(source, receivedAt, rawOutput, roundTripMillis, previous, null);
    }

    /**
     * As {@link #parse(String, Instant, String, long, Sample)}, for output of a probe run started
     * with the boundary token {@code expectedToken}: output that does not carry it is not used.
     */
    public static Sample parse(String source, Instant receivedAt, String rawOutput, long roundTripMillis, Sample previous,
                               String expectedToken) {
        ProbeOutput out = ProbeOutputParser.parse(rawOutput, expectedToken);
        if (previous != null) {
            out = out.carryForward(previous.output(), previous.sampledAt());
        }
        List<ParseProblem> problems = new ArrayList<>(out.problems());
        Reading<HostFacts> facts = readFacts(out, problems);
        var load = read(out, "loadavg", problems, lines -> LoadAverageParser.parse(lines, problems));
        var mem = read(out, "meminfo", problems, lines -> MemInfoParser.parse(lines, problems));
        var psi = read(out, "pressure-memory", problems, lines -> PressureParser.parse("pressure-memory", lines, problems));
        IpcSnapshot ipc = IpcSnapshot.from(out, problems);
        MemorySnapshot processes = MemorySnapshot.from(out, problems);
        SocketSnapshot sockets = SocketSnapshot.from(out, problems);
        long bytes = rawOutput == null ? 0 : rawOutput.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        ProbeStats stats = new ProbeStats(roundTripMillis, out.elapsedNanos(), out.cpuTicks(), bytes);
        Instant hostTime = out.hostEpochNanos().isPresent()
                ? Instant.ofEpochSecond(0, out.hostEpochNanos().getAsLong()) : receivedAt;
        return new Sample(source, receivedAt, hostTime, facts, load, mem, psi, ipc, processes, sockets, stats, problems, out);
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

    /** Reads one section through its parser; the absence reason says why there is no value. */
    public static <T> Reading<T> read(ProbeOutput out, String name, List<ParseProblem> problems,
                                      Function<List<String>, Optional<T>> parser) {
        Optional<Section> s = out.section(name);
        if (s.isEmpty()) {
            return Reading.absent(out.complete() ? SourceStatus.ERROR : SourceStatus.NOT_RECEIVED,
                    out.complete() ? "the probe did not report " + name : name);
        }
        Section section = s.get();
        if (section.status() != SourceStatus.OK) {
            return Reading.absent(section.status(), section.detail());
        }
        Optional<T> v = parser.apply(section.lines());
        return v.<Reading<T>>map(Reading::of)
                .orElseGet(() -> Reading.absent(SourceStatus.ERROR, name + " did not parse"));
    }
}
