package io.bedside.model.cpu;

import io.bedside.model.host.Pressure;
import io.bedside.model.host.PressureParser;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one sample says about CPU: /proc/stat's CPU times and run queue, CPU pressure, and every
 * cgroup with a CPU quota with its throttling counters. Each source is a {@link Reading}: one the
 * host did not give is absent with its reason.
 *
 * @param stat       the stat-cpu section
 * @param pressure   /proc/pressure/cpu (kernel 4.20+, PSI may be off)
 * @param cgroups    the cgroup-cpu section (full samples; carried on light ones)
 * @param cgroupsAt  when the cgroup reading was taken: the sample's own time, or that of the full
 *                   sample it was carried from; throttling is worked out between such times
 */
public record CpuSnapshot(Reading<CpuStat> stat, Reading<Pressure> pressure, Reading<CgroupCpuTable> cgroups,
                          Instant cgroupsAt) {
    public static final String STAT = ProcStatCpuParser.SOURCE;
    public static final String PRESSURE = "pressure-cpu";
    public static final String CGROUPS = CgroupCpuParser.SOURCE;
    /** The probe sections this part reads, in the order the probe prints them. */
    public static final List<String> SECTIONS = List.of(STAT, PRESSURE, CGROUPS);
    /** The shell variable the previous cpu line reaches the probe in. */
    static final String PREV = "BS_CPU_PREV";

    /** This part of a sample; its prelude hands the probe the last cpu line back. */
    public static final SamplePart<CpuSnapshot> PART = new SamplePart<>() {
        @Override
        public Class<CpuSnapshot> type() {
            return CpuSnapshot.class;
        }

        @Override
        public CpuSnapshot read(ProbeOutput out, List<ParseProblem> problems) {
            return from(out, Instant.EPOCH, problems);
        }

        @Override
        public String prelude(CpuSnapshot latest, String previous) {
            if (latest == null) {
                return "";
            }
            // digits and spaces only (CpuTimes.wire), so single quotes are enough
            return latest.stat().get().map(s -> PREV + "='" + s.now().wire() + "'\n").orElse("");
        }
    };

    /** The CPU part of {@code sample}. */
    public static CpuSnapshot of(Sample sample) {
        CpuSnapshot s = sample.part(CpuSnapshot.class);
        Instant at = sample.output().carried().getOrDefault(CGROUPS, sample.sampledAt());
        return s.cgroupsAt().equals(at) ? s : new CpuSnapshot(s.stat(), s.pressure(), s.cgroups(), at);
    }

    /** Reads the CPU sections of one probe output. */
    public static CpuSnapshot from(ProbeOutput out, Instant at, List<ParseProblem> problems) {
        String detail = out.section(CGROUPS).map(Section::detail).orElse("");
        return new CpuSnapshot(
                out.read(STAT, problems, l -> ProcStatCpuParser.parse(l, problems)),
                out.read(PRESSURE, problems, l -> PressureParser.parse(PRESSURE, l, problems)),
                out.read(CGROUPS, problems, l -> CgroupCpuParser.parse(l, detail, problems)),
                at);
    }

    /**
     * Tasks runnable now: procs_running of /proc/stat when the section holds it, else the
     * running count of /proc/loadavg ("6/141": 6), which every sample reads.
     */
    public static java.util.OptionalLong runnable(Sample sample) {
        java.util.Optional<CpuStat> st = of(sample).stat().get();
        if (st.isPresent() && st.get().procsRunning().isPresent()) {
            return st.get().procsRunning();
        }
        return sample.load().get().map(l -> java.util.OptionalLong.of(l.runnable())).orElse(java.util.OptionalLong.empty());
    }

    /** PSI cpu some avg10, when read. */
    public Optional<Double> someAvg10() {
        return pressure.get().map(p -> p.some().avg10());
    }
}
