package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the probe section {@code sem-pids}, one line per array. Sample:
 * <pre>
 * semid=0 pids=0,0,0 otime=0 waiting=0
 * semid=1 pids=30508,30507,30507 otime=1795449736 waiting=0
 * semid=5 error=ipcs: semctl(GETVAL) failed: Permission denied
 * </pre>
 * {@code otime} and {@code waiting} are optional; a line without {@code semid} and {@code pids}
 * (or {@code error}) is a problem, as is a second line for the same array.
 */
public final class SemLastOpsParser {
    static final String SOURCE = "sem-pids";

    private SemLastOpsParser() {
    }

    public static Optional<List<SemLastOps>> parse(List<String> lines, List<ParseProblem> problems) {
        List<SemLastOps> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            SemLastOps ops;
            try {
                ops = parseLine(line);
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized sem-pids line: " + e.getMessage() + "."));
                continue;
            }
            if (!seen.add(ops.semid())) {
                problems.add(new ParseProblem(SOURCE, line, "A second line for semid " + ops.semid() + " was ignored."));
                continue;
            }
            out.add(ops);
        }
        return Optional.of(out);
    }

    private static SemLastOps parseLine(String line) {
        String s = line.trim();
        int err = s.indexOf(" error=");
        if (s.startsWith("semid=") && err > 0) {
            int semid = id(s.substring("semid=".length(), err), "semid");
            return new SemLastOps(semid, List.of(), OptionalLong.empty(), OptionalInt.empty(),
                    Optional.of(s.substring(err + " error=".length()).trim()), line);
        }
        Map<String, String> kv = new HashMap<>();
        for (String tok : Tokens.fields(s)) {
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + tok + "' is not name=value");
            }
            kv.put(tok.substring(0, eq), tok.substring(eq + 1));
        }
        if (!kv.containsKey("semid") || !kv.containsKey("pids")) {
            throw new IllegalArgumentException("semid= and pids= are required");
        }
        int semid = id(kv.get("semid"), "semid");
        List<Integer> pids = new ArrayList<>();
        String p = kv.get("pids");
        if (!p.isEmpty()) {
            for (String pid : p.split(",", -1)) {
                pids.add(id(pid, "pid"));
            }
        }
        OptionalLong otime = kv.containsKey("otime") ? OptionalLong.of(number(kv.get("otime"), "otime")) : OptionalLong.empty();
        OptionalInt waiting = kv.containsKey("waiting") ? OptionalInt.of(id(kv.get("waiting"), "waiting")) : OptionalInt.empty();
        return new SemLastOps(semid, pids, otime, waiting, Optional.empty(), line);
    }

    private static int id(String s, String what) {
        long v = number(s, what);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range");
        }
        return (int) v;
    }

    private static long number(String s, String what) {
        if (!Tokens.digits(s, 19)) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is out of range");
        }
    }
}
