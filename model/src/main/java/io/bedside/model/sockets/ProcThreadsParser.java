package io.bedside.model.sockets;

import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.WireText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the probe section {@code proc-threads}: {@code PID TID STATE WCHAN SYSCALL COMM}, one
 * line per thread. Sample:
 * <pre>
 * 5025 5025 S inet_csk_accept - python3
 * 5025 5029 S anon_pipe_write 1:0x2 CP Server Th-1
 * 139756 139764 S pipe_write - python
 * 1062 1062 S anon_pipe_read 0:0x0 memfd:sealed-91
 * 10 10 I worker_thread - kworker/0:0H-kblockd
 * </pre>
 * WCHAN {@code -} is unreadable; SYSCALL {@code -} not read, {@code NR:ARG0} (hex argument) or
 * {@code running}. A second line for the same thread is a problem.
 */
public final class ProcThreadsParser {
    public static final String SOURCE = "proc-threads";
    private static final String STATES = "RSDTtZXIPKWxw";

    private ProcThreadsParser() {
    }

    public static Optional<ThreadTable> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        List<ThreadInfo> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Dedup dedup = new Dedup();
        Map<Integer, Long> runtimes = new HashMap<>();
        int unknown = 0;
        String firstUnknown = null;
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(ThreadWalk.RUNTIMES)) {
                Map<String, String> rt = new HashMap<>();
                ThreadWalk.runtimesOf(line, rt);
                rt.forEach((tid, ns) -> {
                    if (ns.length() < 19) {
                        runtimes.put(Integer.parseInt(tid), Long.parseLong(ns));
                    }
                });
                continue;
            }
            if (line.startsWith(ThreadWalk.SAME)) {
                // threads unchanged since a sample this one was not completed from (ThreadWalk.complete)
                unknown += line.substring(ThreadWalk.SAME.length()).split(" ").length;
                firstUnknown = firstUnknown == null ? line : firstUnknown;
                continue;
            }
            ThreadInfo t;
            try {
                t = line(lines, index, line, dedup);
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized proc-threads line: " + e.getMessage() + "."));
                continue;
            }
            if (!seen.add(((long) t.pid() << 32) | t.tid())) {
                problems.add(new ParseProblem(SOURCE, line, "A second line for thread " + t.tid() + " of pid " + t.pid() + " was ignored."));
                continue;
            }
            out.add(t);
        }
        if (unknown > 0) {
            problems.add(new ParseProblem(SOURCE, firstUnknown.length() > 80 ? firstUnknown.substring(0, 80) + "..." : firstUnknown,
                    unknown + " threads did not change since a sample that is not here; they are not in the thread table."));
        }
        runtimes.keySet().retainAll(out.stream().map(ThreadInfo::tid).collect(java.util.stream.Collectors.toSet()));
        return Optional.of(new ThreadTable(out, detail, runtimes));
    }

    /** The thread on {@code line}, which is {@code lines.get(index)} (the thread keeps where it is, not a copy). */
    private static ThreadInfo line(List<String> lines, int index, String line, Dedup dedup) {
        String[] f = Fields.leading(line, 5);
        if (f == null) {
            throw new IllegalArgumentException("fewer than 6 fields");
        }
        int pid = Fields.id(f[0], "pid");
        int tid = Fields.id(f[1], "tid");
        if (f[2].length() != 1 || STATES.indexOf(f[2].charAt(0)) < 0) {
            throw new IllegalArgumentException("state '" + f[2] + "' is not known");
        }
        String w = f[3];
        if (w.isEmpty()) {
            throw new IllegalArgumentException("wchan is empty");
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '.' && c != '-' && c != '+' && c != '/') {
                throw new IllegalArgumentException("wchan '" + w + "' is not a kernel symbol");
            }
        }
        return new ThreadInfo(pid, tid, f[2].charAt(0), w.equals("-") ? Optional.empty() : dedup.optional(w), syscall(f[4]),
                dedup.text(WireText.decode(f[5])), lines instanceof Lines ? lines : List.of(line), lines instanceof Lines ? index : 0);
    }

    private static Optional<ThreadInfo.Syscall> syscall(String s) {
        if (s.equals("-") || s.equals("running")) {
            return Optional.empty();
        }
        int colon = s.indexOf(':');
        String nr = colon < 0 ? s : s.substring(0, colon);
        long n;
        if (nr.equals("-1")) {
            return Optional.empty(); // not in a system call
        }
        n = Fields.number(nr, "syscall number");
        if (colon < 0) {
            return Optional.of(new ThreadInfo.Syscall(n, OptionalLong.empty()));
        }
        String a = s.substring(colon + 1);
        if (!a.startsWith("0x") || !Fields.hex(a.substring(2), 16)) {
            throw new IllegalArgumentException("syscall argument '" + a + "' is not 0xHEX");
        }
        return Optional.of(new ThreadInfo.Syscall(n, OptionalLong.of(Long.parseUnsignedLong(a.substring(2), 16))));
    }
}
