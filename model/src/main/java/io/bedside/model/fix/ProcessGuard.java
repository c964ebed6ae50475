package io.bedside.model.fix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The processes a fix never signals and whose unit it never restarts: pid 1 (the host's init),
 * kernel threads, Bedside's own probe and its ancestors (the shell, sudo, the session's sshd and
 * the sshd that accepted it). Checked twice: when the plan is made, against the sample (one
 * sentence, {@link IllegalArgumentException}), and on the host right before the change, where
 * the step's own shell walks its parent chain ({@link #hostCheck}, {@link #hostUnitCheck}); the
 * second catches what the sample could not know (a new session, a carried process table).
 *
 * <p>From the sample: the probe's pid ({@code pid=} of its header), its parent (the trailer's
 * {@code stat=}), and the user-space process table (pid, ppid, name, unit) of the memory
 * playbook's process walk, which leaves kernel threads out.
 */
public final class ProcessGuard {
    /** PF_KTHREAD in the flags of /proc/PID/stat (field 9). */
    public static final long PF_KTHREAD = 0x00200000L;

    /**
     * One user-space process as the sample shows it.
     *
     * @param unit the systemd service it runs in, when its cgroup names one
     */
    public record Proc(int pid, int ppid, String comm, Optional<String> unit) {
    }

    private final OptionalInt probePid;
    private final OptionalInt probeParent;
    private final Map<Integer, Proc> table;
    private final Set<Integer> kernelThreads;

    private ProcessGuard(OptionalInt probePid, OptionalInt probeParent, Map<Integer, Proc> table, Set<Integer> kernelThreads) {
        this.probePid = probePid;
        this.probeParent = probeParent;
        this.table = table;
        this.kernelThreads = kernelThreads;
    }

    /** Knows nothing of the sample: refuses pid 1 and kthreadd (pid 2); the host re-check does the rest. */
    public static ProcessGuard basic() {
        return new ProcessGuard(OptionalInt.empty(), OptionalInt.empty(), Map.of(), Set.of());
    }

    /**
     * @param probePid      the probe shell's pid, from its header
     * @param probeParent   the probe's parent pid, from its trailer (when the probe is not in the table)
     * @param userSpace     the sample's user-space processes
     * @param kernelThreads pids the sample shows as kernel threads
     */
    public static ProcessGuard of(OptionalInt probePid, OptionalInt probeParent, Collection<Proc> userSpace,
                                  Collection<Integer> kernelThreads) {
        Map<Integer, Proc> t = new LinkedHashMap<>();
        userSpace.forEach(p -> t.putIfAbsent(p.pid(), p));
        return new ProcessGuard(probePid, probeParent, Map.copyOf(t), Set.copyOf(kernelThreads));
    }

    /**
     * The probe's ancestors as far as the sample's table reaches, nearest first (not pid 1, not
     * the probe): e.g. {@code sh}, {@code sudo}, {@code sshd: user@notty}, {@code sshd}.
     */
    public List<Proc> probeAncestors() {
        List<Proc> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        OptionalInt next = probePid.isPresent() && table.containsKey(probePid.getAsInt())
                ? OptionalInt.of(table.get(probePid.getAsInt()).ppid()) : probeParent;
        while (next.isPresent() && next.getAsInt() > 1 && seen.add(next.getAsInt())) {
            int pid = next.getAsInt();
            Proc p = table.get(pid);
            out.add(p != null ? p : new Proc(pid, 0, "?", Optional.empty()));
            next = p != null ? OptionalInt.of(p.ppid()) : OptionalInt.empty();
        }
        return out;
    }

    /**
     * Refuses a process no fix may signal (or restart the unit of).
     *
     * @param comm the process's name as the caller knows it, for the sentence (may be empty)
     * @throws IllegalArgumentException with one sentence naming the reason
     */
    public void checkProcess(int pid, String comm) {
        String name = name(pid, comm);
        if (pid == 1) {
            throw new IllegalArgumentException("pid 1" + name + " is the host's init; Bedside never signals it.");
        }
        Proc p = table.get(pid);
        if (pid == 2 || p != null && p.ppid() == 2) {
            throw new IllegalArgumentException("pid " + pid + name + " is a kernel thread; Bedside never signals kernel threads.");
        }
        if (kernelThreads.contains(pid)) {
            throw new IllegalArgumentException("pid " + pid + name + " is not among the sample's user-space processes, so it is"
                    + " taken for a kernel thread, which Bedside never signals; take a new sample if it only just started.");
        }
        if (probePid.isPresent() && probePid.getAsInt() == pid) {
            throw new IllegalArgumentException("pid " + pid + name + " is Bedside's own probe; Bedside never signals it.");
        }
        if (probeAncestors().stream().anyMatch(a -> a.pid() == pid)) {
            throw new IllegalArgumentException("pid " + pid + name + " carries Bedside's own session on the host (the probe runs"
                    + " under it); Bedside never signals it, since that would cut the connection the fix runs over.");
        }
    }

    /**
     * Refuses to restart a unit that one of the probe's ancestors runs in (the host's sshd, for
     * one).
     *
     * @throws IllegalArgumentException with one sentence naming the process
     */
    public void checkUnit(String unit) {
        for (Proc a : probeAncestors()) {
            if (a.unit().filter(unit::equals).isPresent()) {
                throw new IllegalArgumentException(UnitNames.printable(unit) + " runs pid " + a.pid() + " (" + UnitNames.printable(a.comm())
                        + "), which carries Bedside's"
                        + " own session on the host; Bedside never restarts it, since that could cut the connection the fix runs over.");
            }
        }
    }

    private String name(int pid, String comm) {
        String n = comm != null && !comm.isEmpty() ? comm : table.containsKey(pid) ? table.get(pid).comm() : "";
        return n.isEmpty() ? "" : " (" + UnitNames.printable(n) + ")";
    }

    /**
     * A shell fragment for a re-check: sets {@code bg_g} to {@code ok}, or to {@code gone} (no
     * such process), {@code init} (pid 1), {@code kernel-thread} (PF_KTHREAD set, parent
     * kthreadd, or pid 2) or {@code own-session} (the pid is the fragment's own shell or one of
     * its ancestors: the sshd, sudo and shell the fix runs under). Print it with
     * {@code guard=$bg_g}. Uses only sh builtins (no fork); leaves globbing on.
     */
    public static String hostCheck(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid " + pid + " is not a process");
        }
        String n = Integer.toString(pid);
        return "bg_g=ok; " + readStat("bg_s", n) + " set -f;"
                + " if [ -z \"$bg_s\" ]; then bg_g=gone; elif [ " + n + " = 1 ]; then bg_g=init; else"
                + " set -- ${bg_s##*) }; case ${7:-x} in *[!0-9]*) bg_k=0;; *) bg_k=$(( $7 / " + PF_KTHREAD + " % 2 ));; esac;"
                + " if [ \"$bg_k\" = 1 ] || [ \"$2\" = 2 ] || [ " + n + " = 2 ]; then bg_g=kernel-thread; else"
                + " bg_p=$$; while [ -n \"$bg_p\" ] && [ \"$bg_p\" != 0 ]; do"
                + " if [ \"$bg_p\" = " + n + " ]; then bg_g=own-session; break; fi;"
                + " " + readStat("bg_t", "$bg_p") + " [ -n \"$bg_t\" ] || break; set -- ${bg_t##*) }; bg_p=$2; done; fi; fi; set +f;";
    }

    /**
     * Reads /proc/PID/stat into {@code var} with builtins only (no fork per ancestor), its lines
     * joined by spaces (a name may hold a newline); empty when the process is gone.
     */
    private static String readStat(String var, String pid) {
        return var + "=; while IFS= read -r bg_l || [ -n \"$bg_l\" ]; do " + var + "=\"$" + var + "$bg_l \"; done 2>/dev/null < /proc/"
                + pid + "/stat;";
    }

    /**
     * A shell fragment for a re-check before a restart: sets {@code bg_g} to {@code ok}, or to
     * {@code own-session} when the fragment's own shell or one of its ancestors runs in
     * {@code unit} (a cgroup path component of /proc/PID/cgroup equals it).
     */
    public static String hostUnitCheck(String unit) {
        String u = ShellWords.quote(unit);
        return "bg_g=ok; bg_p=$$; while [ -n \"$bg_p\" ] && [ \"$bg_p\" != 0 ]; do"
                + " while IFS= read -r bg_l; do case \"${bg_l#*:*:}/\" in */" + u + "/*) bg_g=own-session;; esac; done 2>/dev/null < /proc/$bg_p/cgroup;"
                + " " + readStat("bg_t", "$bg_p") + " [ -n \"$bg_t\" ] || break; set -f; set -- ${bg_t##*) }; set +f; bg_p=$2; done;";
    }
}
