package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutputParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds probe output with the IPC sections in the kernel's and the probe's own formats, so rule
 * tests run through the real parsers. Rows are printed with the kernel's printf formats.
 */
final class IpcProbeText {
    static final String SEM_HEADER = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime";
    static final String SHM_HEADER = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid"
            + "      atime      dtime      ctime                   rss                  swap";
    static final String MSG_HEADER = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid"
            + "      stime      rtime      ctime";

    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final Map<String, String> status = new LinkedHashMap<>();

    IpcProbeText() {
        sections.put(IpcSnapshot.SEM, new ArrayList<>(List.of(SEM_HEADER)));
        sections.put(IpcSnapshot.SHM, new ArrayList<>(List.of(SHM_HEADER)));
        sections.put(IpcSnapshot.MSG, new ArrayList<>(List.of(MSG_HEADER)));
        sections.put(IpcSnapshot.LIMITS, new ArrayList<>());
        sections.put(IpcSnapshot.SEM_PIDS, new ArrayList<>());
        sections.put(IpcSnapshot.SHM_ATTACH, new ArrayList<>());
        sections.put(IpcSnapshot.PIDS_ALIVE, new ArrayList<>());
    }

    /** kernel.sem and friends; page size 4096. */
    IpcProbeText limits(String sem, long shmmni, long shmall, long msgmni) {
        List<String> l = sections.get(IpcSnapshot.LIMITS);
        l.clear();
        l.add("kernel.sem=" + sem);
        l.add("kernel.shmmax=18446744073692774399");
        l.add("kernel.shmall=" + shmall);
        l.add("kernel.shmmni=" + shmmni);
        l.add("kernel.msgmni=" + msgmni);
        l.add("kernel.msgmax=8192");
        l.add("kernel.msgmnb=16384");
        l.add("page_size=4096");
        return this;
    }

    /** An array with these last-operation pids (one per semaphore) and no waiters. */
    IpcProbeText sem(int key, int semid, long uid, long otime, long ctime, int... pids) {
        sections.get(IpcSnapshot.SEM).add(String.format(Locale.ROOT, "%10d %10d  %4o %10d %5d %5d %5d %5d %10d %10d",
                key, semid, 0600, pids.length, uid, uid, uid, uid, otime, ctime));
        StringBuilder p = new StringBuilder();
        for (int pid : pids) {
            p.append(p.isEmpty() ? "" : ",").append(pid);
        }
        sections.get(IpcSnapshot.SEM_PIDS).add("semid=" + semid + " pids=" + p + " otime=" + otime + " waiting=0");
        return this;
    }

    /** A raw sem-pids line, replacing the one {@link #sem} wrote for semid. */
    IpcProbeText semPids(int semid, String line) {
        List<String> l = sections.get(IpcSnapshot.SEM_PIDS);
        l.removeIf(s -> s.startsWith("semid=" + semid + " "));
        l.add(line);
        return this;
    }

    IpcProbeText shm(int key, int shmid, int perms, long size, int cpid, int lpid, long nattch, long uid, long ctime) {
        sections.get(IpcSnapshot.SHM).add(String.format(Locale.ROOT,
                "%10d %10d  %4o %21d %5d %5d  %5d %5d %5d %5d %5d %10d %10d %10d %21d %21d",
                key, shmid, perms, size, cpid, lpid, nattch, uid, uid, uid, uid, ctime, ctime, ctime, 0, 0));
        return this;
    }

    IpcProbeText attach(int pid, String comm, int key, int shmid) {
        sections.get(IpcSnapshot.SHM_ATTACH).add("pid=" + pid + " comm=" + comm + " shmkey=" + IpcKey.hex(key) + " shmid=" + shmid);
        return this;
    }

    /** The probe's own IPC namespace: shm-attach's first line, {@code self ipcns=N}. */
    IpcProbeText self(long ipcns) {
        sections.get(IpcSnapshot.SHM_ATTACH).add(0, "self ipcns=" + ipcns);
        return this;
    }

    /** A mapping in the probe's version-2 form, naming the process's IPC namespace. */
    IpcProbeText attachIn(int pid, String comm, int key, int shmid, long ipcns) {
        sections.get(IpcSnapshot.SHM_ATTACH).add("pid=" + pid + " shmkey=" + IpcKey.hex(key) + " shmid=" + shmid
                + " ipcns=" + ipcns + " comm=" + comm);
        return this;
    }

    IpcProbeText msg(int key, int msqid) {
        sections.get(IpcSnapshot.MSG).add(String.format(Locale.ROOT, "%10d %10d  %4o  %10d %10d %5d %5d %5d %5d %5d %5d %10d %10d %10d",
                key, msqid, 0644, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1700000000));
        return this;
    }

    IpcProbeText alive(int... pids) {
        StringBuilder b = new StringBuilder("1");
        for (int p : pids) {
            b.append(' ').append(p);
        }
        sections.put(IpcSnapshot.PIDS_ALIVE, new ArrayList<>(List.of(b.toString())));
        return this;
    }

    /** Reports a section with a status other than ok (its lines are dropped). */
    IpcProbeText status(String section, String token, String detail) {
        status.put(section, token + " " + detail);
        return this;
    }

    /** Leaves a section out of the output altogether. */
    IpcProbeText without(String section) {
        sections.remove(section);
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder("@@bedside:probe version=1 uid=0 epoch_ns=1700000000000000000\n");
        sections.forEach((name, lines) -> {
            String st = status.get(name);
            if (st != null) {
                b.append("@@bedside:section ").append(name).append(' ').append(st).append('\n');
                return;
            }
            b.append("@@bedside:section ").append(name).append(" ok /proc\n");
            lines.forEach(l -> b.append(l).append('\n'));
        });
        return b.append("@@bedside:end elapsed_ns=1\n").toString();
    }

    IpcSnapshot snapshot() {
        List<ParseProblem> problems = new ArrayList<>();
        IpcSnapshot s = IpcSnapshot.from(ProbeOutputParser.parse(text()), problems);
        if (!problems.isEmpty()) {
            throw new AssertionError("the builder printed something the parsers reject: " + problems);
        }
        return s;
    }
}
