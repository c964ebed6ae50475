package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.SourceStatus;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything one sample says about System V IPC. Each source is a {@link Reading}: a source the
 * host did not give (missing, needs root, truncated, did not parse) is absent with its reason.
 *
 * @param semArrays      /proc/sysvipc/sem
 * @param shmSegments    /proc/sysvipc/shm
 * @param msgQueues      /proc/sysvipc/msg
 * @param limits         kernel.sem, shm*, msg* and the page size
 * @param semLastOps     last-operation pids per array ({@code ipcs -s -i})
 * @param shmAttachments processes mapping each segment (/proc/PID/maps)
 * @param livePids       the live processes
 */
public record IpcSnapshot(Reading<IpcTable<SemArray>> semArrays, Reading<IpcTable<ShmSegment>> shmSegments,
                          Reading<IpcTable<MsgQueue>> msgQueues, Reading<IpcLimits> limits,
                          Reading<List<SemLastOps>> semLastOps, Reading<ShmAttachments> shmAttachments,
                          Reading<LivePids> livePids) {

    public static final String SEM = SemArrayParser.SOURCE;
    public static final String SHM = ShmSegmentParser.SOURCE;
    public static final String MSG = MsgQueueParser.SOURCE;
    public static final String LIMITS = IpcLimitsParser.SOURCE;
    public static final String SEM_PIDS = SemLastOpsParser.SOURCE;
    public static final String SHM_ATTACH = ShmAttachmentParser.SOURCE;
    public static final String PIDS_ALIVE = LivePidsParser.SOURCE;
    /** The probe sections this snapshot reads, in the order the probe prints them. */
    public static final List<String> SECTIONS = List.of(SEM, SHM, MSG, LIMITS, SEM_PIDS, SHM_ATTACH, PIDS_ALIVE);


    /** This part of a sample, as the registry reads it: the sample holds it by type. */
    public static final SamplePart<IpcSnapshot> PART = SamplePart.of(IpcSnapshot.class, IpcSnapshot::from);

    /** The System V IPC part of {@code sample}. */
    public static IpcSnapshot of(Sample sample) {
        return sample.part(IpcSnapshot.class);
    }

    /**
     * Reads the IPC sections of one probe output; problems go to {@code problems}. A section the
     * output was cut short inside is not received: a partial table would undercount and a
     * partial pid list would make live users look dead.
     */
    public static IpcSnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        return new IpcSnapshot(
                read(out, SEM, problems, l -> SemArrayParser.parse(l, problems)),
                read(out, SHM, problems, l -> ShmSegmentParser.parse(l, problems)),
                read(out, MSG, problems, l -> MsgQueueParser.parse(l, problems)),
                read(out, LIMITS, problems, l -> IpcLimitsParser.parse(l, problems)),
                read(out, SEM_PIDS, problems, l -> SemLastOpsParser.parse(l, problems)),
                read(out, SHM_ATTACH, problems, l -> ShmAttachmentParser.parse(l, problems)),
                read(out, PIDS_ALIVE, problems, l -> LivePidsParser.parse(l, problems)));
    }

    private static <T> Reading<T> read(ProbeOutput out, String name, List<ParseProblem> problems,
                                       Function<List<String>, Optional<T>> parser) {
        if (!out.complete() && isLast(out, name)) {
            return Reading.absent(SourceStatus.NOT_RECEIVED, name + " was cut short; a partial list is not used");
        }
        return out.read(name, problems, parser);
    }

    private static boolean isLast(ProbeOutput out, String name) {
        String last = null;
        for (String n : out.sections().keySet()) {
            last = n;
        }
        return name.equals(last);
    }
}
