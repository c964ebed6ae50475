package io.bedside.model.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds probe output with the disk sections in the probe's own formats (mountinfo, statfs with its
 * {@code @ids} line, fd-deleted) and the fd walk they join with, so rule tests run through the real parsers.
 */
final class DiskProbeText {
    private final List<String> mountinfo = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<String> statfs = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final List<String> fds = new ArrayList<>();
    private final Map<String, String> status = new LinkedHashMap<>();
    private boolean complete = true;
    private long epochNs = 1700000000000000000L;

    /** The host's clock in the header. */
    DiskProbeText at(java.time.Instant t) {
        epochNs = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return this;
    }

    /** A mount, given to stat when {@code bsize > 0}. */
    DiskProbeText mount(int id, String majmin, String mp, String fstype, String source, String opts,
                        long bsize, long blocks, long bfree, long bavail, long files, long ffree) {
        mountinfo.add(id + " 1 " + majmin + " / " + escape(mp) + " " + opts + " - " + fstype + " " + source + " rw");
        if (bsize > 0) {
            ids.add(Integer.toString(id));
            statfs.add("@ " + bsize + " " + blocks + " " + bfree + " " + bavail + " " + files + " " + ffree + " " + mp);
        }
        return this;
    }

    DiskProbeText mountinfoLine(String line) {
        mountinfo.add(line);
        return this;
    }

    /** A process in the fd walk, with one fd of a deleted file. */
    DiskProbeText deletedFd(int pid, String comm, int fd, String path, long size, long blocks, long inode, long dev) {
        fds.add(pid + " " + fd + " l-wx------ f " + path + " (deleted)");
        fds.add("pid=" + pid + " start=4242 nofile=1024/4096 fds=1 comm=" + comm);
        deleted.add(pid + " " + fd + " " + size + " " + blocks + " 512 " + inode + " " + dev + " 0");
        return this;
    }

    DiskProbeText status(String section, String s) {
        status.put(section, s);
        return this;
    }

    DiskProbeText truncated() {
        complete = false;
        return this;
    }

    static String escape(String mp) {
        return mp.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }

    String text() {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=0 epoch_ns=" + epochNs + "\n");
        b.append("@@bedside:section host ok\nhostname=h\nkernel=6.18.44\nmachine=x86_64\nuid=0\n");
        section(b, "proc-fds", "ok find /proc/PID/fd (uid 0)", fds);
        section(b, "fd-deleted", "ok stat -L /proc/PID/fd/FD", deleted);
        section(b, "mountinfo", "ok /proc/self/mountinfo", mountinfo);
        List<String> st = new ArrayList<>();
        st.add("@ids " + String.join(" ", ids));
        st.addAll(statfs);
        section(b, "statfs", "ok stat -f", st);
        if (complete) {
            b.append("@@bedside:end elapsed_ns=1\n");
        }
        return b.toString();
    }

    private void section(StringBuilder b, String name, String detail, List<String> lines) {
        if (status.containsKey(name)) {
            b.append("@@bedside:section ").append(name).append(' ').append(status.get(name)).append('\n');
            return;
        }
        b.append("@@bedside:section ").append(name).append(' ').append(detail).append('\n');
        lines.forEach(l -> b.append(l).append('\n'));
    }
}
