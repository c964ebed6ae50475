package io.bedside.model.ipc;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.FixStep.Check;
import io.bedside.model.fix.FixStep.FileContent;
import io.bedside.model.fix.FixStep.Kind;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.SysctlPlans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The IPC playbook's fixes as plans (pure data; nothing here touches a host). There is no
 * "remove all": removal takes the rows an operator chose, and each is re-checked right before
 * its {@code ipcrm}.
 *
 * <p>Commands assume a POSIX shell, awk and util-linux (or busybox) ipcs/ipcrm/sysctl on the host.
 * Words reach the shell through {@link ShellWords}; ids are numbers and sysctl names Bedside's own,
 * so none can be read as an option.
 * Every re-check prints one line whose exact expected text is in the plan, so the executor only
 * compares strings and can show both when they differ.
 */
public final class IpcFixPlans {
    public static final String SEM_REMOVE_ORPHANS = "ipc.sem.remove-orphans";
    public static final String SEM_RAISE_LIMIT = "ipc.sem.raise-limit";
    public static final String SHM_REMOVE_ORPHANS = "ipc.shm.remove-orphans";
    public static final String SHM_RAISE_LIMIT = "ipc.shm.raise-limit";

    /** The kernel's ceiling for SEMMNI, SHMMNI and MSGMNI (IPCMNI; higher only with the ipcmni_extend boot option). */
    public static final long IPCMNI = 32768;
    /** Limits are raised in steps of this many objects. */
    public static final long STEP = 128;
    /** Where a raised semaphore limit is persisted (one file per fix, so persisting one never drops the other). */
    public static final String SEM_SYSCTL_FILE = "/etc/sysctl.d/90-bedside-ipc-sem.conf";
    /** Where raised shared memory limits are persisted. */
    public static final String SHM_SYSCTL_FILE = "/etc/sysctl.d/90-bedside-ipc-shm.conf";

    private IpcFixPlans() {
    }

    // ------------------------------------------------------------------ removal

    /** Removes the chosen semaphore arrays, not knowing who logs in (every step asks for root). */
    public static FixPlan removeOrphanSems(List<SemArray> chosen) {
        return removeOrphanSems(chosen, OptionalLong.empty());
    }

    /**
     * Per array: save {@code ipcs -s -i ID}; re-check that the id still has the same key, owner
     * and change time and that no live process has operated on it or waits on it; {@code ipcrm -s ID};
     * verify it is gone.
     *
     * @param chosen   the rows the operator chose (all orphans by default)
     * @param loginUid the uid the session runs commands as, when known: its own arrays need no root
     * @throws IllegalArgumentException when nothing is chosen
     */
    public static FixPlan removeOrphanSems(List<SemArray> chosen, OptionalLong loginUid) {
        List<SemArray> rows = distinct(chosen, SemArray::semid);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no semaphore arrays were chosen");
        }
        List<String> summary = new ArrayList<>();
        long sems = rows.stream().mapToLong(SemArray::nsems).sum();
        summary.add("Remove " + rows.size() + " semaphore array" + (rows.size() == 1 ? "" : "s") + " (" + sems
                + " semaphore" + (sems == 1 ? "" : "s") + "):");
        List<FixStep> steps = new ArrayList<>();
        for (SemArray a : rows) {
            summary.add("  ipcrm -s " + a.semid() + "    # key " + a.keyHex() + ", uid " + a.uid() + ", perms " + a.permsOctal()
                    + ", " + a.nsems() + " semaphore" + (a.nsems() == 1 ? "" : "s") + ", ctime " + a.ctime());
            String subject = "semid " + a.semid();
            boolean root = needsRoot(loginUid, a.uid(), a.cuid(), a.perms());
            steps.add(FixStep.evidence(subject, "Save what ipcs says about semaphore array " + a.semid()
                    + " to the session's evidence.", "LC_ALL=C " + ShellWords.command("ipcs", "-s", "-i", Integer.toString(a.semid())), root));
            steps.add(FixStep.change(subject, "Remove semaphore array " + a.semid() + " (key " + a.keyHex() + ").",
                    ShellWords.command("ipcrm", "-s", Integer.toString(a.semid())), semRecheck(a), root));
            steps.add(FixStep.verify(subject, "Semaphore array " + a.semid() + " with change time " + a.ctime() + " is gone.",
                    "LC_ALL=C awk -v id=" + a.semid() + " -v ct=" + a.ctime()
                            + " '$2 == id && $10 == ct { print \"semid \" id \" is still there\" }' /proc/sysvipc/sem",
                    ""));
        }
        summary.add("This cannot be undone. Each array is re-checked right before its removal and skipped, with the reason,"
                + " if its key, owner or change time changed or a live process has used it since the sample.");
        return new FixPlan(SEM_REMOVE_ORPHANS, "Remove orphaned semaphore arrays", summary, steps, List.of());
    }

    /**
     * The re-check before {@code ipcrm -s ID}. It prints the array's id, key, owner and change time
     * from /proc/sysvipc/sem, then how many of its last-operation pids are alive and how many
     * processes wait on it, from {@code ipcs -s -i}:
     * {@code semid=3 key=-789419800 uid=0 ctime=1795449733 live=0 waiting=0}. A vanished array prints
     * {@code semid=3 gone}; an unreadable one {@code pids=unreadable}; neither matches.
     */
    public static Check semRecheck(SemArray a) {
        String cmd = "LC_ALL=C awk -v id=" + a.semid()
                + " '$2 == id { printf \"semid=%s key=%s uid=%s ctime=%s\", $2, $1, $5, $10; f = 1 }"
                + " END { if (!f) printf \"semid=%s gone\", id }' /proc/sysvipc/sem;"
                + " LC_ALL=C ipcs -s -i " + a.semid() + " 2>/dev/null | awk 'p && NF == 5 { if ($3 + $4 > 0) w++;"
                + " if ($5 != 0) { f = \"/proc/\" $5 \"/stat\"; if ((getline s < f) > 0) n++; close(f) } }"
                + " $1 == \"semnum\" { p = 1 }"
                + " END { if (p) printf \" live=%d waiting=%d\\n\", n, w; else print \" pids=unreadable\" }'";
        String expected = "semid=" + a.semid() + " key=" + a.key() + " uid=" + a.uid() + " ctime=" + a.ctime()
                + " live=0 waiting=0";
        return new Check(cmd, expected, "semaphore array " + a.semid() + " still has key " + a.keyHex() + ", owner uid "
                + a.uid() + " and change time " + a.ctime() + ", no live process has operated on it and none waits on it");
    }

    /** Removes the chosen segments, not knowing who logs in (every step asks for root). */
    public static FixPlan removeOrphanShms(List<ShmSegment> chosen) {
        return removeOrphanShms(chosen, OptionalLong.empty());
    }

    /**
     * Per segment: save {@code ipcs -m -i ID}; re-check that the id still has the same key, owner,
     * change time and perms (not marked for removal), nothing attached and its creator and last
     * attacher dead; {@code ipcrm -m ID}; verify it is gone.
     *
     * @throws IllegalArgumentException when nothing is chosen
     */
    public static FixPlan removeOrphanShms(List<ShmSegment> chosen, OptionalLong loginUid) {
        List<ShmSegment> rows = distinct(chosen, ShmSegment::shmid);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no shared memory segments were chosen");
        }
        long bytes = rows.stream().mapToLong(ShmSegment::size).sum();
        List<String> summary = new ArrayList<>();
        summary.add("Remove " + rows.size() + " shared memory segment" + (rows.size() == 1 ? "" : "s") + " (" + bytes + " bytes):");
        List<FixStep> steps = new ArrayList<>();
        for (ShmSegment s : rows) {
            summary.add("  ipcrm -m " + s.shmid() + "    # key " + s.keyHex() + ", uid " + s.uid() + ", perms " + s.permsOctal()
                    + ", " + s.size() + " bytes, cpid " + s.cpid() + ", lpid " + s.lpid() + ", ctime " + s.ctime());
            String subject = "shmid " + s.shmid();
            boolean root = needsRoot(loginUid, s.uid(), s.cuid(), s.perms());
            steps.add(FixStep.evidence(subject, "Save what ipcs says about shared memory segment " + s.shmid()
                    + " to the session's evidence.", "LC_ALL=C " + ShellWords.command("ipcs", "-m", "-i", Integer.toString(s.shmid())), root));
            steps.add(FixStep.change(subject, "Remove shared memory segment " + s.shmid() + " (key " + s.keyHex() + ", "
                    + s.size() + " bytes).", ShellWords.command("ipcrm", "-m", Integer.toString(s.shmid())), shmRecheck(s), root));
            steps.add(FixStep.verify(subject, "Shared memory segment " + s.shmid() + " with change time " + s.ctime() + " is gone.",
                    "LC_ALL=C awk -v id=" + s.shmid() + " -v ct=" + s.ctime()
                            + " '$2 == id && $14 == ct { print \"shmid \" id \" is still there (perms \" $3 \", nattch \" $7 \")\" }'"
                            + " /proc/sysvipc/shm",
                    ""));
        }
        summary.add("This cannot be undone. Each segment is re-checked right before its removal and skipped, with the reason,"
                + " if it changed, was attached, or its creator or last user is alive.");
        return new FixPlan(SHM_REMOVE_ORPHANS, "Remove orphaned shared memory segments", summary, steps, List.of());
    }

    /**
     * The re-check before {@code ipcrm -m ID}: prints
     * {@code shmid=0 key=2065887160 uid=0 ctime=1795449733 perms=644 nattch=0 live=0}, where live
     * counts which of cpid and lpid still run. A vanished segment prints {@code shmid=0 gone}.
     */
    public static Check shmRecheck(ShmSegment s) {
        String cmd = "LC_ALL=C awk -v id=" + s.shmid()
                + " '$2 == id { printf \"shmid=%s key=%s uid=%s ctime=%s perms=%s nattch=%s\", $2, $1, $8, $14, $3, $7;"
                + " c = $5; l = $6; f = 1 }"
                + " END { if (!f) { printf \"shmid=%s gone\\n\", id; exit }"
                + " if (c != 0) { p = \"/proc/\" c \"/stat\"; if ((getline x < p) > 0) n++; close(p) }"
                + " if (l != 0) { p = \"/proc/\" l \"/stat\"; if ((getline x < p) > 0) n++; close(p) }"
                + " printf \" live=%d\\n\", n }' /proc/sysvipc/shm";
        String expected = "shmid=" + s.shmid() + " key=" + s.key() + " uid=" + s.uid() + " ctime=" + s.ctime()
                + " perms=" + Integer.toOctalString(s.perms()) + " nattch=0 live=0";
        return new Check(cmd, expected, "shared memory segment " + s.shmid() + " still has key " + s.keyHex()
                + ", owner uid " + s.uid() + " and change time " + s.ctime() + ", is not marked for removal, nothing is"
                + " attached and neither its creator nor its last user runs");
    }

    // ------------------------------------------------------------------ limits

    /**
     * SEMMNI = max(2 x arrays in use, SEMMNI + 128), rounded up to a multiple of 128 and capped at
     * {@link #IPCMNI}.
     */
    public static long proposedMni(long current, long inUse) {
        long want = Math.max(2 * inUse, current + STEP);
        long rounded = (want + STEP - 1) / STEP * STEP;
        return Math.min(rounded, IPCMNI);
    }

    /**
     * Raises SEMMNI (and SEMMNS to SEMMSL x the new SEMMNI when it is lower), with
     * {@code sysctl -w kernel.sem="a b c d"}, a read-back, and an optional file in /etc/sysctl.d.
     *
     * @param current     the limits from the sample; all four kernel.sem fields must be known
     * @param arraysInUse semaphore arrays in use now
     * @throws IllegalArgumentException when kernel.sem is not fully known or SEMMNI cannot go higher
     */
    public static FixPlan raiseSemLimit(IpcLimits current, int arraysInUse) {
        if (!current.hasSem()) {
            throw new IllegalArgumentException("kernel.sem is not fully known: " + current.line("kernel.sem").orElse("not read"));
        }
        long msl = current.semmsl().getAsLong();
        long mns = current.semmns().getAsLong();
        long opm = current.semopm().getAsLong();
        long mni = current.semmni().getAsLong();
        long newMni = proposedMni(mni, arraysInUse);
        if (newMni <= mni) {
            throw new IllegalArgumentException("SEMMNI is " + mni + ", already at the kernel's maximum of " + IPCMNI);
        }
        long newMns = Math.max(mns, Math.min(msl * newMni, Integer.MAX_VALUE));
        String oldValue = msl + " " + mns + " " + opm + " " + mni;
        String newValue = msl + " " + newMns + " " + opm + " " + newMni;
        List<String> summary = new ArrayList<>();
        summary.add("SEMMNI (max arrays) " + mni + " -> " + newMni + ": twice the " + arraysInUse
                + " in use, at least " + STEP + " more, in steps of " + STEP + ".");
        if (newMns != mns) {
            summary.add("SEMMNS (max semaphores) " + mns + " -> " + newMns + " = SEMMSL " + msl + " x SEMMNI " + newMni
                    + ", so every array can be full-size.");
        }
        summary.add("Each array costs kernel memory only when it exists; the limit only allows more.");
        Map<String, String> file = new LinkedHashMap<>();
        file.put("kernel.sem", newValue);
        return SysctlPlans.plan(SEM_RAISE_LIMIT, "Raise the semaphore limits (kernel.sem)", summary,
                List.of(new SysctlPlans.Sysctl("kernel.sem", oldValue, newValue, tabs(oldValue), tabs(newValue))), SEM_SYSCTL_FILE, file);
    }

    /**
     * Raises SHMMNI (same rule as SEMMNI) when segments are the limit, and doubles SHMALL when the
     * pages in use are at 90% of it or more.
     *
     * @param current       the limits from the sample; shmmni must be known, shmall to raise it
     * @param segmentsInUse segments in use now
     * @param pagesInUse    pages of shared memory in use now (each segment rounded up to whole pages)
     * @throws IllegalArgumentException when nothing can be raised
     */
    public static FixPlan raiseShmLimit(IpcLimits current, int segmentsInUse, long pagesInUse) {
        if (current.shmmni().isEmpty()) {
            throw new IllegalArgumentException("kernel.shmmni is not known");
        }
        long mni = current.shmmni().getAsLong();
        boolean pagesNear = current.shmall().isPresent()
                && pagesInUse >= current.shmall().getAsLong() - current.shmall().getAsLong() / 10;
        boolean segmentsNear = segmentsInUse >= mni - mni / 10;
        List<SysctlPlans.Sysctl> changes = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        Map<String, String> file = new LinkedHashMap<>();
        if (segmentsNear || !pagesNear) {
            long newMni = proposedMni(mni, segmentsInUse);
            if (newMni > mni) {
                changes.add(new SysctlPlans.Sysctl("kernel.shmmni", Long.toString(mni), Long.toString(newMni), Long.toString(mni), Long.toString(newMni)));
                summary.add("SHMMNI (max segments) " + mni + " -> " + newMni + ": twice the " + segmentsInUse
                        + " in use, at least " + STEP + " more, in steps of " + STEP + ".");
                file.put("kernel.shmmni", Long.toString(newMni));
            }
        }
        if (pagesNear) {
            long all = current.shmall().getAsLong();
            long newAll = all > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * all;
            changes.add(new SysctlPlans.Sysctl("kernel.shmall", Long.toString(all), Long.toString(newAll), Long.toString(all), Long.toString(newAll)));
            summary.add("SHMALL (max pages in all segments) doubled: " + pagesInUse + " pages are in use."
                    + " It is a ceiling, not a reservation: the segments' memory still comes out of RAM and swap.");
            file.put("kernel.shmall", Long.toString(newAll));
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("SHMMNI is " + mni + ", already at the kernel's maximum of " + IPCMNI);
        }
        return SysctlPlans.plan(SHM_RAISE_LIMIT, "Raise the shared memory limits", summary, changes, SHM_SYSCTL_FILE, file);
    }

    private static String tabs(String spaced) {
        return spaced.replace(' ', '\t');
    }

    /**
     * Whether removing (and reading) an object needs root: ipcrm needs the owner, the creator or
     * CAP_SYS_ADMIN; ipcs -i needs read permission. Unknown login: yes.
     */
    private static boolean needsRoot(OptionalLong loginUid, long uid, long cuid, int perms) {
        if (loginUid.isEmpty()) {
            return true;
        }
        long me = loginUid.getAsLong();
        if (me == 0) {
            return false;
        }
        boolean mine = me == uid || me == cuid;
        boolean canRead = (me == uid && (perms & 0400) != 0) || (perms & 0004) != 0;
        return !(mine && canRead);
    }

    private static <T> List<T> distinct(List<T> rows, java.util.function.ToIntFunction<T> id) {
        Map<Integer, T> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.putIfAbsent(id.applyAsInt(r), r));
        return List.copyOf(byId.values());
    }
}
