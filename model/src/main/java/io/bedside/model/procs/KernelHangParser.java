package io.bedside.model.procs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the hung-task lines among kernel log lines (the kernel-log section, decoded; each line
 * with its source's stamp in front). Pure. Known forms (2.6.32 to 6.x print the same line):
 * <pre>
 * [ 2761.277854] INFO: task cp:48332 blocked for more than 120 seconds.
 * 2026-08-07T16:45:01+0000 nas kernel: INFO: task backup-mgr:15435 blocked for more than 120 seconds.
 * [  722.772825] INFO: task ext4lazyinit:305 blocked for more than 120 seconds.
 * nfs: server 192.168.1.10 not responding, still trying
 * nfs: server 192.168.1.10 not responding, timed out
 * </pre>
 * Other lines (the OOM lines the memory playbook reads) are not its business and are skipped.
 * The name is cut at the last {@code :DIGITS blocked for more than}: a name may hold {@code :}.
 */
public final class KernelHangParser {
    private static final Pattern BLOCKED = Pattern.compile("INFO: task (.{1,64}):(\\d{1,10}) blocked for more than (\\d{1,12}) seconds\\.",
            Pattern.DOTALL);
    private static final Pattern NFS = Pattern.compile("\\bnfs: server (\\S{1,255}) not responding, (?:still trying|timed out)");

    private KernelHangParser() {
    }

    public static List<KernelHang> parse(List<String> lines) {
        List<KernelHang> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = BLOCKED.matcher(line);
            if (m.find()) {
                long tid = Long.parseLong(m.group(2));
                if (tid <= Integer.MAX_VALUE) {
                    out.add(new KernelHang(Optional.of(m.group(1)), OptionalInt.of((int) tid),
                            OptionalLong.of(Long.parseLong(m.group(3))), Optional.empty(), line));
                }
                continue;
            }
            m = NFS.matcher(line);
            if (m.find()) {
                out.add(new KernelHang(Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.of(m.group(1)), line));
            }
        }
        return out;
    }
}
