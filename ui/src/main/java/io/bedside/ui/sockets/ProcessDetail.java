package io.bedside.ui.sockets;

import io.bedside.model.probe.Reading;
import io.bedside.model.sockets.Fd;
import io.bedside.model.sockets.PipeEnd;
import io.bedside.model.sockets.PipeEnds;
import io.bedside.model.sockets.ProcessFdTable;
import io.bedside.model.sockets.ProcessFds;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.ThreadInfo;
import io.bedside.model.sockets.ThreadTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drill-down of one process: its threads with what they wait in, its fds, its pipes with the
 * processes at their other end, and where its stdout and stderr go. Pure; what could not be read
 * says why (fds of other users' processes need root), never an empty list that pretends.
 *
 * @param pid           the process
 * @param title         {@code python3 (pid 5025)}
 * @param threads       its threads, main first
 * @param threadsAbsence why the threads (or their wchan) are not known; empty when they are
 * @param fds           its open fds
 * @param fdsAbsence    why its fds are not known; empty when they are
 * @param pipes         its pipe and FIFO fds, each with the other end
 * @param stdout        where fd 1 goes (and who reads it, for a pipe)
 * @param stderr        where fd 2 goes
 */
public record ProcessDetail(int pid, String title, List<ThreadRow> threads, String threadsAbsence, List<FdRow> fds,
                            String fdsAbsence, List<PipeRow> pipes, String stdout, String stderr) {

    public ProcessDetail {
        threads = List.copyOf(threads);
        fds = List.copyOf(fds);
        pipes = List.copyOf(pipes);
    }

    public record ThreadRow(int tid, String name, String state, String wchan) {
    }

    public record FdRow(int fd, String mode, String target) {
    }

    /**
     * @param fd       the fd of this process
     * @param access   {@code w}, {@code r}, {@code rw}
     * @param pipe     {@code pipe:[726930]} or a FIFO's path
     * @param otherEnd the processes at the other end: {@code bedside-reader (pid 5027, fd 3, state S, in hrtimer_nanosleep)}
     */
    public record PipeRow(int fd, String access, String pipe, String otherEnd) {
    }

    public static ProcessDetail of(SocketSnapshot s, int pid, String fallbackName) {
        Optional<ProcessFds> proc = s.fds().get().flatMap(t -> t.process(pid));
        String comm = proc.map(ProcessFds::comm).filter(c -> !c.isEmpty())
                .or(() -> s.threads().get().flatMap(t -> t.main(pid)).map(ThreadInfo::name))
                .orElse(fallbackName);
        String title = comm + " (pid " + pid + ")";

        List<ThreadRow> threads = new ArrayList<>();
        String threadsAbsence = "";
        Reading<ThreadTable> tr = s.threads();
        if (tr.get().isEmpty()) {
            threadsAbsence = "Threads could not be read: " + SocketSnapshot.THREADS + " " + tr.describeAbsence() + ".";
        } else {
            boolean wchan = s.wchanKnown(pid);
            List<ThreadInfo> list = tr.get().orElseThrow().of(pid);
            for (ThreadInfo t : list) {
                threads.add(new ThreadRow(t.tid(), t.name(), String.valueOf(t.state()),
                        wchan ? t.sleepingIn().orElse("running (0)") : "unknown: needs root"));
            }
            if (list.isEmpty()) {
                threadsAbsence = "No thread of pid " + pid + " in this sample: it may have exited.";
            } else if (!wchan) {
                threadsAbsence = "What the threads wait in (wchan) of another user's process needs root: "
                        + "switch on administrative access.";
            }
        }

        List<FdRow> fds = new ArrayList<>();
        List<PipeRow> pipes = new ArrayList<>();
        String fdsAbsence = "";
        String stdout = "";
        String stderr = "";
        Reading<ProcessFdTable> fr = s.fds();
        if (fr.get().isEmpty()) {
            fdsAbsence = "Open fds could not be read: " + SocketSnapshot.FDS + " " + fr.describeAbsence() + ".";
        } else if (proc.isEmpty()) {
            fdsAbsence = "No fds of pid " + pid + " in this sample: it may have exited.";
        } else if (!proc.get().readable()) {
            fdsAbsence = "The fds of " + title + " need root: switch on administrative access to see its fds, pipes, stdout and stderr.";
        } else {
            ProcessFds p = proc.get();
            for (Fd f : p.fds()) {
                fds.add(new FdRow(f.fd(), f.mode(), f.target().text()));
                if (f.pipe().isPresent()) {
                    pipes.add(new PipeRow(f.fd(), f.access(), f.pipe().get().text(), otherEnd(s, f)));
                }
            }
            stdout = where(s, p, 1);
            stderr = where(s, p, 2);
        }
        if (!fdsAbsence.isEmpty()) {
            stdout = "unknown: " + fdsAbsence;
            stderr = stdout;
        }
        return new ProcessDetail(pid, title, threads, threadsAbsence, fds, fdsAbsence, pipes, stdout, stderr);
    }

    private static String where(SocketSnapshot s, ProcessFds p, int n) {
        Optional<Fd> f = p.fd(n);
        if (f.isEmpty()) {
            return "fd " + n + " is not open";
        }
        String t = f.get().target().text();
        return f.get().pipe().isPresent() ? t + " -> " + otherEnd(s, f.get()) : t;
    }

    /** The processes at the other end of {@code f}'s pipe: its readers when {@code f} writes, else its writers. */
    static String otherEnd(SocketSnapshot s, Fd f) {
        Optional<PipeEnds> ends = s.ends(f.pipe().orElseThrow());
        if (ends.isEmpty()) {
            return "unknown: " + SocketSnapshot.FDS + " " + s.fds().describeAbsence();
        }
        List<PipeEnd> others = new ArrayList<>();
        for (PipeEnd e : f.writes() ? ends.get().readers() : ends.get().writers()) {
            if (e.pid() != f.pid()) {
                others.add(e);
            }
        }
        String role = f.writes() ? "read by " : "written by ";
        String list = others.isEmpty() ? (f.writes() ? "no process holds the read end" : "no other process holds the write end")
                : role + String.join(", ", others.stream().map(ProcessDetail::end).toList());
        int hidden = ends.get().unreadable().size();
        return hidden == 0 ? list : list + " (" + hidden + (hidden == 1 ? " process's" : " processes'")
                + " fds unreadable: needs root, so there may be more)";
    }

    static String end(PipeEnd e) {
        return e.comm() + " (pid " + e.pid() + ", fd " + e.fd()
                + e.state().map(c -> ", state " + c).orElse("")
                + e.wchan().map(w -> ", in " + w).orElse("") + ")";
    }
}
