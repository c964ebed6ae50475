package io.bedside.model.fds;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;

import java.util.ArrayList;
import java.util.List;

/**
 * What one sample says of the system's open-file table ({@code fs-file}). The per-process side (fds,
 * limits, start times, targets) is the shared fd walk, read from the socket part
 * ({@code SocketSnapshot.of(sample).fds()}), not again here.
 *
 * @param table file-nr, file-max and nr_open; absent with the reason when the host did not give them
 */
public record FdsSnapshot(Reading<FileTable> table) {
    public static final String FS_FILE = FileTable.SOURCE;

    public static final SamplePart<FdsSnapshot> PART = SamplePart.of(FdsSnapshot.class, FdsSnapshot::read);

    public static FdsSnapshot read(ProbeOutput out, List<ParseProblem> problems) {
        List<ParseProblem> mine = new ArrayList<>();
        Reading<FileTable> t = out.read(FS_FILE, mine, lines -> FileTable.parse(lines, mine));
        problems.addAll(mine);
        return new FdsSnapshot(t);
    }

    public static FdsSnapshot of(Sample sample) {
        return sample.part(FdsSnapshot.class);
    }
}
