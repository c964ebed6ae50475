package io.bedside.model.sockets;

import io.bedside.model.probe.WireText;
import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses the probe section {@code proc-fds}: one line per fd, then one per process. Sample:
 * <pre>
 * 5025 2 l-wx------ p pipe:[726930]
 * 5025 3 lrwx------ s socket:[726929]
 * 5027 3 lr-x------ p pipe:[726930]
 * 4880 7 l-wx------ p /var/run/app/log.fifo
 * pid=5025 start=351838 nofile=256/20000 fds=139 comm=python3
 * pid=5027 start=351843 nofile=256/20000 fds=4 comm=bedside-reader
 * pid=1 start=24 nofile=32768/32768 fds=unreadable comm=process_api
 * </pre>
 * A fd line is {@code PID FD MODE TYPE TARGET} (the target may contain spaces); a process line
 * is key=value with {@code comm} last (it may contain spaces). Fds of a pid without a process
 * line belong to a process that exited while the probe ran: they are left out and the pid is
 * listed in {@link ProcessFdTable#exited()}.
 */
public final class ProcFdsParser {
    public static final String SOURCE = "proc-fds";
    private static final String INO = "ino ";

    private ProcFdsParser() {
    }

    /** @param detail the section's detail, kept with the table */
    public static Optional<ProcessFdTable> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        return parse(lines, detail, problems, null);
    }

    /**
     * As {@link #parse(List, String, List)}, taking the fds of a process the incremental walk took
     * from the sample before ({@code same=K} on its line, {@link FdWalk#complete}) from
     * {@code before}, that sample's table, when it holds the process with the same start time and
     * count: its fd lines here are the copies of the ones that table was parsed from, and a big host's
     * 100,000 of them are not parsed again. When the lines here do not number what the line says
     * (they are not such copies), everything is parsed.
     */
    static Optional<ProcessFdTable> parse(List<String> lines, String detail, List<ParseProblem> problems, ProcessFdTable before) {
        Lines text = Lines.copyOf(lines);
        // kept here until the parse stands: one that falls back to parsing everything reports each once
        List<ParseProblem> found = new ArrayList<>();
        // the process lines first (a few thousand; the fd lines run to 100,000), so that the processes
        // the table before holds are known before the fd lines
        Map<Integer, String[]> procs = new LinkedHashMap<>();
        for (int i = 0; i < text.size(); i++) {
            if (!text.startsWith(i, "pid=")) {
                continue;
            }
            String line = text.get(i);
            try {
                String[] p = processLine(line);
                int pid = Fields.id(p[0], "pid");
                if (procs.putIfAbsent(pid, p) != null) {
                    found.add(new ParseProblem(SOURCE, line, "A second line for pid " + pid + " was ignored."));
                }
            } catch (IllegalArgumentException e) {
                found.add(new ParseProblem(SOURCE, line, "Unrecognized proc-fds line: " + e.getMessage() + "."));
            }
        }
        Map<Integer, List<Fd>> taken = before == null ? Map.of() : taken(procs, before);
        Map<Integer, List<Fd>> fds = new HashMap<>();
        Map<Integer, Integer> skipped = new HashMap<>();
        Map<Integer, Long> inodes = new HashMap<>();
        int runPid = -1;
        int runCount = 0;
        boolean runTaken = false;
        for (int i = 0; i < text.size(); i++) {
            if (text.startsWith(i, "pid=")) {
                continue;
            }
            if (text.startsWith(i, INO)) {
                inodes(text.get(i), inodes, found);
                continue;
            }
            if (!taken.isEmpty()) {
                // a process's lines come together: its pid looked up once per run of them
                int pid = FdWalk.leadingPid(text, i);
                if (pid >= 0 && pid == runPid) {
                    if (runTaken) {
                        runCount++;
                        continue;
                    }
                } else {
                    if (runTaken) {
                        skipped.merge(runPid, runCount, Integer::sum);
                    }
                    runPid = pid;
                    runTaken = pid >= 0 && taken.containsKey(pid);
                    runCount = 0;
                    if (runTaken) {
                        runCount++;
                        continue;
                    }
                }
            }
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                Fd f = fdLine(line);
                fds.computeIfAbsent(f.pid(), k -> new ArrayList<>()).add(f);
            } catch (IllegalArgumentException e) {
                found.add(new ParseProblem(SOURCE, line, "Unrecognized proc-fds line: " + e.getMessage() + "."));
            }
        }
        if (runTaken) {
            skipped.merge(runPid, runCount, Integer::sum);
        }
        for (Map.Entry<Integer, List<Fd>> t : taken.entrySet()) {
            if (skipped.getOrDefault(t.getKey(), 0) != t.getValue().size()) {
                return parse(lines, detail, problems, null);
            }
        }
        problems.addAll(found);
        fds.putAll(taken);
        List<ProcessFds> out = new ArrayList<>(procs.size());
        for (Map.Entry<Integer, String[]> e : procs.entrySet()) {
            String[] p = e.getValue();
            List<Fd> own = fds.getOrDefault(e.getKey(), List.of());
            OptionalInt count;
            if (p[4].equals("unreadable")) {
                count = OptionalInt.empty();
            } else {
                count = OptionalInt.of(Fields.id(p[4], "fds"));
                if (count.getAsInt() != own.size()) {
                    problems.add(new ParseProblem(SOURCE, p[6], "pid " + e.getKey() + " says fds=" + count.getAsInt() + " but "
                            + own.size() + " fd lines arrived; the fd count is taken from the lines."));
                    count = OptionalInt.of(own.size());
                }
            }
            out.add(new ProcessFds(e.getKey(), p[1].isEmpty() ? OptionalLong.empty() : OptionalLong.of(Fields.number(p[1], "start")),
                    p[5], limit(p[2]), limit(p[3]), count, own, p[6]));
        }
        List<Integer> exited = fds.keySet().stream().filter(pid -> !procs.containsKey(pid)).sorted().toList();
        if (before != null) {
            // the walk prints an inode only when it changed: the others are the table before's, for the same process
            for (ProcessFds p : out) {
                if (!inodes.containsKey(p.pid()) && p.startTime().isPresent()) {
                    before.process(p.pid()).filter(was -> was.startTime().equals(p.startTime()))
                            .ifPresent(was -> before.fdDirInode(p.pid()).ifPresent(ino -> inodes.put(p.pid(), ino)));
                }
            }
        }
        inodes.keySet().retainAll(procs.keySet());
        return Optional.of(new ProcessFdTable(out, exited, detail, inodes));
    }

    /** {@code ino PID:INODE ...}: the inode numbers of the fd directories the incremental walk saw. */
    private static void inodes(String line, Map<Integer, Long> into, List<ParseProblem> problems) {
        for (String tok : line.substring(INO.length()).split(" ", -1)) {
            int c = tok.indexOf(':');
            if (c < 1 || !Fields.digits(tok.substring(0, c), 9) || !Fields.digits(tok.substring(c + 1), 19)) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized proc-fds line: an inode entry is not PID:INODE."));
                return;
            }
            into.put(Integer.parseInt(tok.substring(0, c)), Long.parseLong(tok.substring(c + 1)));
        }
    }

    /**
     * The processes whose fds {@code before} already holds: a line the walk's completion marked
     * ({@code same=K}), with the start time and the count of the process there.
     */
    private static Map<Integer, List<Fd>> taken(Map<Integer, String[]> procs, ProcessFdTable before) {
        Map<Integer, List<Fd>> out = new HashMap<>();
        for (Map.Entry<Integer, String[]> e : procs.entrySet()) {
            String[] p = e.getValue();
            if (FdWalk.skips(p[6]) == 0 || !Fields.digits(p[4], 9)) {
                continue;
            }
            before.process(e.getKey()).filter(was -> was.fdCount().isPresent() && was.fdCount().getAsInt() == Integer.parseInt(p[4])
                            && was.startTime().isPresent() && Long.toString(was.startTime().getAsLong()).equals(p[1]))
                    .ifPresent(was -> out.put(e.getKey(), was.fds()));
        }
        return out;
    }

    /** pid, start, soft, hard, fds, comm, line; validated except comm. */
    private static String[] processLine(String line) {
        int c = line.indexOf(" comm=");
        if (c < 0) {
            throw new IllegalArgumentException("comm= is missing");
        }
        String comm = WireText.decode(line.substring(c + " comm=".length()));
        Map<String, String> kv = new HashMap<>();
        for (String tok : Fields.split(line.substring(0, c))) {
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + tok + "' is not name=value");
            }
            kv.put(tok.substring(0, eq), tok.substring(eq + 1));
        }
        for (String k : List.of("pid", "start", "nofile", "fds")) {
            if (!kv.containsKey(k)) {
                throw new IllegalArgumentException(k + "= is missing");
            }
        }
        Fields.id(kv.get("pid"), "pid");
        String start = kv.get("start");
        if (!start.isEmpty()) {
            Fields.number(start, "start");
        }
        String nofile = kv.get("nofile");
        int slash = nofile.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("nofile '" + nofile + "' is not SOFT/HARD");
        }
        String soft = nofile.substring(0, slash);
        String hard = nofile.substring(slash + 1);
        limit(soft);
        limit(hard);
        String n = kv.get("fds");
        if (!n.equals("unreadable")) {
            Fields.id(n, "fds");
        }
        return new String[] {kv.get("pid"), start, soft, hard, n, comm, line};
    }

    /** A number, {@code unlimited} or {@code ?} (not read): only a number is a limit. */
    private static OptionalLong limit(String s) {
        if (s.equals("unlimited") || s.equals("?") || s.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Fields.number(s, "nofile"));
    }

    private static Fd fdLine(String line) {
        // PID FD MODE TYPE TARGET, read in place: a big host walks 100,000 fds, most of them sockets
        // and pipes, and a string per field is made only for what is kept or what fails
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        int s3 = s2 < 0 ? -1 : line.indexOf(' ', s2 + 1);
        int s4 = s3 < 0 ? -1 : line.indexOf(' ', s3 + 1);
        if (s4 < 0) {
            throw new IllegalArgumentException("fewer than 5 fields");
        }
        int pid = Fields.id(line, 0, s1, "pid");
        int fd = Fields.id(line, s1 + 1, s2, "fd");
        String mode = null;
        for (String m : KNOWN_MODES) {
            if (s3 - s2 - 1 == m.length() && line.startsWith(m, s2 + 1)) {
                mode = m;
            }
        }
        if (mode == null) {
            mode = line.substring(s2 + 1, s3);
        }
        if (mode.length() != 10 || mode.charAt(0) != 'l' || "r-".indexOf(mode.charAt(1)) < 0 || "w-".indexOf(mode.charAt(2)) < 0) {
            throw new IllegalArgumentException("mode '" + mode + "' is not a link's permissions");
        }
        if (s4 - s3 - 1 != 1 || "psfdcblN?U".indexOf(line.charAt(s3 + 1)) < 0) {
            throw new IllegalArgumentException("type '" + line.substring(s3 + 1, s4) + "' is not known");
        }
        char type = line.charAt(s3 + 1);
        FdTarget target = inodeTarget(line, s4 + 1);
        return new Fd(pid, fd, mode, type, target != null ? target : FdTarget.parse(WireText.decode(line.substring(s4 + 1))), line);
    }

    /** The modes nearly every fd has: one string each for the whole table. */
    private static final String[] KNOWN_MODES = {"lrwx------", "lr-x------", "l-wx------"};

    /** {@code socket:[INODE]} or {@code pipe:[INODE]} from {@code a} to the line's end, read in place; null for anything else. */
    private static FdTarget inodeTarget(String line, int a) {
        boolean socket = line.startsWith("socket:[", a);
        if (!socket && !line.startsWith("pipe:[", a)) {
            return null;
        }
        int from = a + (socket ? 8 : 6);
        int end = line.length() - 1;
        if (end <= from || end - from > 18 || line.charAt(end) != ']') {
            return null;
        }
        long v = 0;
        for (int k = from; k < end; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return socket ? new FdTarget.Socket(v) : new FdTarget.Pipe(v);
    }
}
