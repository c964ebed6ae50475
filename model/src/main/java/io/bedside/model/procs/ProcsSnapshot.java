package io.bedside.model.procs;

import io.bedside.model.host.Pressure;
import io.bedside.model.host.PressureParser;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.WireText;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.List;
import java.util.Optional;

/**
 * What one sample says about tasks beyond the process and thread walks (which the memory and
 * socket parts read, and this playbook reads from them): the kernel's pid limits, the cgroups near
 * their pids.max, I/O pressure, and the kernel's hung-task lines. Each source is a {@link Reading}:
 * one the host did not give is absent with its reason, never a zero.
 *
 * @param limits  pid_max and threads-max (full samples; carried on light ones)
 * @param io      /proc/pressure/io
 * @param cgroups the cgroups near their pids.max (full samples; carried on light ones)
 * @param hangs   the hung-task and NFS lines of the kernel-log section of this sample (the log is
 *                read incrementally: only what is new since the sample before)
 */
public record ProcsSnapshot(Reading<PidLimits> limits, Reading<Pressure> io, Reading<CgroupPidsTable> cgroups,
                            Reading<List<KernelHang>> hangs) {

    public static final String LIMITS = PidLimitsParser.SOURCE;
    public static final String PRESSURE_IO = "pressure-io";
    public static final String CGROUPS = CgroupPidsParser.SOURCE;
    /** The memory part's section, read here for its hung-task lines only. */
    public static final String KERNEL_LOG = "kernel-log";
    /** The probe sections of its own fragment, in the order the probe prints them. */
    public static final List<String> SECTIONS = List.of(PRESSURE_IO, LIMITS, CGROUPS);

    public static final SamplePart<ProcsSnapshot> PART = SamplePart.of(ProcsSnapshot.class, ProcsSnapshot::from);

    /** The processes part of {@code sample}. */
    public static ProcsSnapshot of(Sample sample) {
        return sample.part(ProcsSnapshot.class);
    }

    public static ProcsSnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        String detail = out.section(CGROUPS).map(Section::detail).orElse("");
        return new ProcsSnapshot(
                out.read(LIMITS, problems, l -> PidLimitsParser.parse(l, problems)),
                out.read(PRESSURE_IO, problems, l -> PressureParser.parse(PRESSURE_IO, l, problems)),
                out.read(CGROUPS, problems, l -> CgroupPidsParser.parse(l, detail, problems)),
                hangs(out));
    }

    /** The hung-task lines of one output's kernel-log section (each line is escaped host text). */
    public static Reading<List<KernelHang>> hangs(ProbeOutput out) {
        // the memory part reports this section's problems; here only the lines it knows are taken
        return out.read(KERNEL_LOG, new java.util.ArrayList<>(),
                l -> Optional.of(KernelHangParser.parse(l.stream().map(WireText::decode).toList())));
    }
}
