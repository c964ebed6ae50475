package io.bedside.model.disk;

import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.sample.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The disk playbook's fix as a plan (pure data; nothing here touches a host).
 * <p>{@value #TRUNCATE} ({@code pid=N fd=N}): frees the space of one deleted file a process holds
 * open by truncating it through {@code /proc/PID/fd/FD} ({@code : > /proc/PID/fd/FD} opens the very
 * file the process holds, O_TRUNC). Re-checked right before: the process has the start time of the
 * sample, the fd still names a deleted file, with the same inode on the same device, no name left
 * (0 links), and at least the size planned for. Verified: the file holds fewer blocks than before and
 * the file system has more space available than in the sample ({@code stat -f -L} through the fd,
 * so no mount point is quoted). No rollback: the data is gone. The evidence step saves where the fd
 * points and its size, not the file's content: it can be gigabytes, and on a full disk there is
 * rarely room to copy it anywhere that matters.
 */
public final class DiskFixPlans {
    public static final String TRUNCATE = "disk.deleted.truncate";

    private DiskFixPlans() {
    }

    /**
     * @throws IllegalArgumentException with one sentence when the parameters are wrong or the sample shows no such file
     */
    public static FixPlan plan(Sample sample, Map<String, String> params) {
        int pid = number(params, "pid");
        int fd = number(params, "fd");
        DiskAssessment a = DiskAssessment.of(sample, List.of());
        HeldFile h = a.held().stream().filter(x -> x.file().pid() == pid && x.file().fd() == fd).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Fd " + fd + " of pid " + pid
                        + " is not a deleted file on a local file system in this sample."));
        long avail = a.states().stream().filter(s -> s.fs().key().equals(h.fs().key())).findFirst()
                .map(s -> s.stat().availBytes()).orElseThrow(() -> new IllegalArgumentException(
                        "The free space of the file system of fd " + fd + " of pid " + pid + " was not read in this sample."));
        return truncate(h, avail);
    }

    private static int number(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + "=N is required.");
        }
        String t = v.trim();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number.");
        }
        return Integer.parseInt(t);
    }

    /**
     * The plan for one held file.
     *
     * @param availBefore the bytes available on its file system in the sample
     */
    public static FixPlan truncate(HeldFile h, long availBefore) {
        DeletedFile d = h.file();
        if (d.pid() < 1 || d.fd() < 0) {
            throw new IllegalArgumentException("pid " + d.pid() + " fd " + d.fd() + " is not a process's fd.");
        }
        if (d.heldBytes() == 0) {
            throw new IllegalArgumentException("Fd " + d.fd() + " of pid " + d.pid() + " holds no blocks; truncating it frees nothing.");
        }
        long start = h.startTime().orElseThrow(() -> new IllegalArgumentException("The start time of pid " + d.pid()
                + " is not known, so it could not be re-checked before the change."));
        String f = "/proc/" + d.pid() + "/fd/" + d.fd();
        String subject = "pid " + d.pid() + " fd " + d.fd();
        String who = (h.comm().isEmpty() ? "pid " + d.pid() : h.comm() + " (pid " + d.pid() + ")");
        List<String> summary = new ArrayList<>();
        summary.add("Truncate the deleted file " + (h.path().isEmpty() ? "" : h.path() + " ") + "that " + who + " holds open as fd "
                + d.fd() + ", on " + h.fs().mountPoint() + ": " + DiskRule.bytes(d.heldBytes()) + " come back.");
        summary.add("  : > " + f);
        summary.add("The process keeps writing at its offset: the file grows again as a sparse file, holding only what"
                + " is written from now on. Restart the holder" + h.unit().map(u -> " (" + u + ")").orElse("")
                + " to close the file for good.");
        summary.add("Cannot be undone: the file's content is gone (it had no name left; nothing else could read it"
                + " but the process). It is not copied first: it can be gigabytes, and a full disk has no room for it.");
        List<FixStep> steps = new ArrayList<>();
        steps.add(FixStep.evidence(subject, "Save where fd " + d.fd() + " of pid " + d.pid() + " points, its size and its file system's space.",
                "ls -l " + f + "; stat -L -c 'size=%s blocks=%b inode=%i dev=%d links=%h' " + f
                        + "; stat -f -L -c 'bsize=%S blocks=%b avail=%a' " + f, true));
        Check check = new Check(state(d.pid(), d.fd(), d.size()),
                "start=" + start + " deleted=yes inode=" + d.inode() + " dev=" + d.dev() + " links=0 big=yes",
                "pid " + d.pid() + " is the same process (start time " + start + ") and fd " + d.fd()
                        + " still is the deleted file (inode " + d.inode() + " on " + d.device() + "), " + d.size()
                        + " bytes or more");
        steps.add(FixStep.change(subject, "Truncate the deleted file through " + f + ".", ": > " + f, check, true));
        steps.add(new FixStep(FixStep.Kind.VERIFY, subject, "The file holds fewer blocks and " + h.fs().mountPoint()
                + " has more than the " + availBefore + " bytes available it had.",
                "sleep 1; b=$(stat -L -c %b " + f + " 2>/dev/null); a=$(stat -f -L -c '%a %S' " + f + " 2>/dev/null);"
                        + " if [ -z \"$b\" ] || [ -z \"$a\" ]; then echo 'the fd is gone'; else set -- $a;"
                        + " if [ \"$b\" -lt " + d.blocks() + " ] && [ $(($1 * $2)) -gt " + availBefore + " ]; then echo freed;"
                        + " else echo \"blocks=$b available=$(($1 * $2))\"; fi; fi",
                Optional.empty(), Optional.of("freed"), Optional.empty(), true, false));
        return new FixPlan(TRUNCATE, "Truncate a deleted file held open", summary, steps, List.of());
    }

    /** Prints {@code start=T deleted=yes|no inode=I dev=D links=L big=yes|no} for the re-check. */
    static String state(int pid, int fd, long size) {
        String f = "/proc/" + pid + "/fd/" + fd;
        return "f=" + f + "; printf 'start=%s deleted=%s inode=%s dev=%s links=%s big=%s\\n' \"$(" + startTime(pid) + ")\""
                + " \"$(case $(readlink $f 2>/dev/null) in *' (deleted)') echo yes;; *) echo no;; esac)\""
                + " \"$(stat -L -c %i $f 2>/dev/null)\" \"$(stat -L -c %d $f 2>/dev/null)\" \"$(stat -L -c %h $f 2>/dev/null)\""
                + " \"$(s=$(stat -L -c %s $f 2>/dev/null); if [ -n \"$s\" ] && [ \"$s\" -ge " + size + " ]; then echo yes; else echo no; fi)\"";
    }

    /** The process's start time, field 22 of /proc/PID/stat, read whole (its name may hold a newline). */
    static String startTime(int pid) {
        return "awk '{ s = s $0 \" \" } END { sub(/.*\\) /, \"\", s); split(s, f, \" \"); print f[20] }' /proc/" + pid + "/stat 2>/dev/null";
    }
}
