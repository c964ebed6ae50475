package io.bedside.model.net;

import io.bedside.model.memory.MemorySnapshot;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.probe.WireText;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one sample says about the network stack's limits. The sockets themselves (with each
 * listening socket's accept queue and backlog) are the socket playbook's part, read from it.
 *
 * @param limits    the sysctls and TcpExt counters (full samples; light ones carry the last)
 * @param entries   conntrack's connection count from /proc/net/stat/nf_conntrack (every sample)
 * @param tableFull the kernel log's "nf_conntrack: table full, dropping packet" lines this sample
 *                  read (the kernel log is read incrementally: only lines new since the last sample)
 */
public record NetSnapshot(Reading<NetLimits> limits, Reading<Long> entries, Reading<List<String>> tableFull) {
    public static final String LIMITS = NetLimitsParser.SOURCE;
    public static final String CONNTRACK = ConntrackStatParser.SOURCE;
    /** Every probe section this part reads of its own. */
    public static final List<String> SECTIONS = List.of(LIMITS, CONNTRACK);
    /**
     * A table-full line as the kernel prints it: 2.6 (ip_conntrack), 3.x-4.x and newer kernels (the
     * module's name twice), with or without the final dot; the message first, after the prefix of
     * the source it came through (journal short-iso or syslog "DATE HOST kernel: ", dmesg's "[SECONDS] ").
     * Anchored, so a line that only quotes it (a file name in an audit line) does not count.
     */
    static final Pattern TABLE_FULL = Pattern.compile("^(?:(?:[A-Z][a-z]{2} +\\d{1,2} [\\d:]{8}|\\d{4}-\\d\\d-\\d\\dT[\\d:.+-]+) \\S+ )?"
            + "(?:kernel: )?(?:\\[ *\\d+\\.\\d+\\] )?(?:nf|ip)_conntrack: (?:nf_conntrack: )?table full, dropping packet");

    public NetSnapshot {
        tableFull = tableFull.map(List::copyOf);
    }

    /** This part of a sample; its prelude passes the last full sample's listen counters back, for rates. */
    public static final SamplePart<NetSnapshot> PART = new SamplePart<>() {
        @Override
        public Class<NetSnapshot> type() {
            return NetSnapshot.class;
        }

        @Override
        public NetSnapshot read(ProbeOutput out, List<ParseProblem> problems) {
            return from(out, problems);
        }

        @Override
        public String prelude(NetSnapshot latest, String previous) {
            Optional<NetLimits.Counters> c = latest == null ? Optional.empty() : latest.limits().get().flatMap(NetLimits::counters);
            return c.map(x -> "BS_NET_PREV='" + x.text() + "'\n").orElse(previous);
        }
    };

    public static NetSnapshot of(Sample sample) {
        return sample.part(NetSnapshot.class);
    }

    public static NetSnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        String detail = out.section(LIMITS).map(Section::detail).orElse("");
        Reading<NetLimits> limits = out.read(LIMITS, problems, l -> NetLimitsParser.parse(l, detail, problems));
        Reading<Long> entries = out.read(CONNTRACK, problems, l -> ConntrackStatParser.parse(l, problems));
        Reading<List<String>> full = out.read(MemorySnapshot.KERNEL_LOG, problems, l -> {
            List<String> hits = new ArrayList<>();
            for (String line : l) {
                String text = WireText.decode(line);
                if (text.chars().noneMatch(c -> c < 0x20 && c != '\t') && TABLE_FULL.matcher(text).find()) {
                    hits.add(text);
                }
            }
            return Optional.of(hits);
        });
        if (!out.complete() && full.isPresent() && lastSection(out).filter(MemorySnapshot.KERNEL_LOG::equals).isPresent()) {
            full = Reading.absent(SourceStatus.NOT_RECEIVED, "the kernel log was cut short");
        }
        return new NetSnapshot(limits, entries, full);
    }

    private static Optional<String> lastSection(ProbeOutput out) {
        String last = null;
        for (String n : out.sections().keySet()) {
            last = n;
        }
        return Optional.ofNullable(last);
    }

    /** Conntrack's count: the stat file's (every sample), else the sysctl's (full samples). */
    public Reading<Long> conntrackCount() {
        if (entries.isPresent()) {
            return entries;
        }
        Reading<Long> sysctl = limits.get().map(l -> l.number(NetLimits.CT_COUNT)).orElse(Reading.absent(SourceStatus.ERROR, "no net-limits"));
        return sysctl.isPresent() ? sysctl : entries;
    }

    public Reading<Long> conntrackMax() {
        if (limits instanceof Reading.Absent<NetLimits> a) {
            return Reading.absent(a.status(), a.detail());
        }
        return limits.get().orElseThrow().number(NetLimits.CT_MAX);
    }
}
