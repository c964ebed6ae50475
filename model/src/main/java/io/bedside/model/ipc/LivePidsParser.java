package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the probe section {@code pids-alive}: one line of space-separated pids. Sample:
 * <pre>
 * 1 10 1062 1063 12 13 30509 738
 * </pre>
 * Strict on purpose: a list that does not parse cleanly could be missing a live pid, and a
 * missing live pid would make an object in use look orphaned. Any bad token, or no pid at
 * all, makes the whole source unusable (a problem and no value).
 */
public final class LivePidsParser {
    static final String SOURCE = "pids-alive";

    private LivePidsParser() {
    }

    public static Optional<LivePids> parse(List<String> lines, List<ParseProblem> problems) {
        Set<Integer> pids = new HashSet<>();
        List<String> raw = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            for (String tok : Tokens.fields(line)) {
                if (!Tokens.digits(tok, 10)) {
                    problems.add(new ParseProblem(SOURCE, line, "'" + tok + "' is not a pid; the list of live "
                            + "processes cannot be trusted, so nothing is called orphaned."));
                    return Optional.empty();
                }
                long pid = Long.parseLong(tok);
                if (pid <= 0 || pid > Integer.MAX_VALUE) {
                    problems.add(new ParseProblem(SOURCE, line, "'" + tok + "' is not a valid pid; the list of live "
                            + "processes cannot be trusted, so nothing is called orphaned."));
                    return Optional.empty();
                }
                pids.add((int) pid);
            }
            raw.add(line);
        }
        if (pids.isEmpty()) {
            problems.add(new ParseProblem(SOURCE, "", "The list of live processes was empty."));
            return Optional.empty();
        }
        return Optional.of(new LivePids(pids, raw));
    }
}
