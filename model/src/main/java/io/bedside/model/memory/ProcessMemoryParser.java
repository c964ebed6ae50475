package io.bedside.model.memory;

import io.bedside.model.probe.WireText;
import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the probe section {@code procs-mem}: a header, one TAB-separated line per process, and a
 * trailer. Sample (TABs shown as {@code →}):
 * <pre>
 * pid→state→ppid→uid→start→rss_kb→swap_kb→oom_score→oom_score_adj→cgroup→sd_cgroup→comm→cmdline
 * 24607→S→1→0→297001→45420→0→1166→500→v1:/bedside-oom→/→java (worker)→java -jar app.jar
 * 331→Z→1→0→3120→-→-→0→0→v2:/→-→defunct) x→
 * # kernel_threads=87 exited=1
 * </pre>
 * No field holds a TAB or a newline: comm (from /proc/PID/stat, cut at its last {@code )}),
 * cmdline and the cgroup paths are escaped by the probe ({@link WireText}: {@code \xHH},
 * {@code \\}; probe version 1 printed the kernel's {@code \t}/{@code \n} escapes of the status
 * {@code Name:}, which decode the same way), so a name with spaces, {@code )}, TABs or newlines is
 * one field and comes back exact. {@code -} means the kernel has no
 * such value, {@code ?} that the file could not be read; both become empty values. A header other
 * than the expected one makes the whole section unusable (the columns cannot be trusted); a bad
 * row is a problem and is left out.
 */
public final class ProcessMemoryParser {
    public static final String SOURCE = "procs-mem";
    public static final String HEADER = "pid\tstate\tppid\tuid\tstart\trss_kb\tswap_kb\toom_score\toom_score_adj\tcgroup\tsd_cgroup\tcomm\tcmdline";
    static final int COLUMNS = 13;

    private ProcessMemoryParser() {
    }

    public static Optional<ProcessMemoryTable> parse(List<String> lines, List<ParseProblem> problems) {
        List<ProcessMemory> rows = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean header = false;
        OptionalInt kthreads = OptionalInt.empty();
        OptionalInt exited = OptionalInt.empty();
        OptionalInt runs = OptionalInt.empty();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (!header) {
                if (!line.equals(HEADER)) {
                    problems.add(new ParseProblem(SOURCE, line, "The process table does not start with the expected header;"
                            + " its columns cannot be trusted, so it is not used."));
                    return Optional.empty();
                }
                header = true;
                continue;
            }
            if (line.startsWith("# ")) {
                for (String tok : line.substring(2).trim().split(" ")) {
                    int eq = tok.indexOf('=');
                    OptionalInt v = eq > 0 ? smallInt(tok.substring(eq + 1)) : OptionalInt.empty();
                    if (tok.startsWith("kernel_threads=") && v.isPresent()) {
                        kthreads = v;
                    } else if (tok.startsWith("exited=") && v.isPresent()) {
                        exited = v;
                    } else if ((tok.startsWith("same=") || tok.startsWith("same_rss=") || tok.startsWith("same_cgroup=")) && v.isPresent()) {
                        continue; // how many processes' fields the probe left unread: ProcWalk has put them in
                    } else if (tok.startsWith(ProcWalk.RUNS + "=") && v.isPresent()) {
                        runs = v;
                    } else {
                        problems.add(new ParseProblem(SOURCE, line, "Unrecognized counter '" + tok + "' in the process table's trailer."));
                    }
                }
                continue;
            }
            ProcessMemory p;
            try {
                p = row(line);
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized process line: " + e.getMessage() + "."));
                continue;
            }
            if (!seen.add(p.pid())) {
                problems.add(new ParseProblem(SOURCE, line, "A second line for pid " + p.pid() + " was ignored."));
                continue;
            }
            rows.add(p);
        }
        if (!header) {
            problems.add(new ParseProblem(SOURCE, "", "The process table was empty (not even its header arrived)."));
            return Optional.empty();
        }
        return Optional.of(new ProcessMemoryTable(rows, kthreads, exited, HEADER, runs.orElse(0)));
    }

    /** One process line; throws with a reason when it does not parse. */
    static ProcessMemory row(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException(f.length + " fields instead of " + COLUMNS);
        }
        int pid = (int) number(f[0], "pid", 1, Integer.MAX_VALUE);
        String state = f[1];
        if (state.length() != 1 || !Character.isLetter(state.charAt(0))) {
            throw new IllegalArgumentException("state '" + state + "' is not a state letter");
        }
        int ppid = (int) number(f[2], "ppid", 0, Integer.MAX_VALUE);
        OptionalLong uid = optional(f[3], "uid", 0, 4294967295L);
        long start = number(f[4], "start", 0, Long.MAX_VALUE);
        OptionalLong rss = optional(f[5], "rss_kb", 0, Long.MAX_VALUE);
        OptionalLong swap = optional(f[6], "swap_kb", 0, Long.MAX_VALUE);
        OptionalLong score = optional(f[7], "oom_score", 0, 2000);
        OptionalLong adj = optional(f[8], "oom_score_adj", -1000, 1000);
        Optional<CgroupRef> cgroup;
        if (f[9].equals("-") || f[9].equals("?")) {
            cgroup = Optional.empty();
        } else {
            cgroup = CgroupRef.parse(WireText.decode(f[9]));
            if (cgroup.isEmpty()) {
                throw new IllegalArgumentException("cgroup '" + f[9] + "' is not v1:/PATH or v2:/PATH");
            }
        }
        Optional<String> sd = f[10].equals("-") || f[10].equals("?") ? Optional.empty() : Optional.of(WireText.decode(f[10]));
        if (f[11].isEmpty() || f[11].equals("?")) {
            throw new IllegalArgumentException("no process name");
        }
        return new ProcessMemory(pid, WireText.decode(f[11]), state, ppid, uid, start, rss, swap,
                toInt(score), toInt(adj), cgroup, sd, WireText.decode(f[12]), line);
    }

    private static OptionalInt toInt(OptionalLong v) {
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    private static OptionalLong optional(String s, String what, long min, long max) {
        if (s.equals("-") || s.equals("?")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(number(s, what, min, max));
    }

    static long number(String s, String what, long min, long max) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 20) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException(what + " '" + s + "' is not a number");
            }
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static OptionalInt smallInt(String s) {
        try {
            return OptionalInt.of((int) number(s, "count", 0, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }
}
