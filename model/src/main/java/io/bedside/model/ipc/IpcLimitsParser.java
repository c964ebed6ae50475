package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the probe section {@code ipc-limits}: one {@code name=value} line per limit the host
 * could read. Sample:
 * <pre>
 * kernel.sem=250 32000 32 128
 * kernel.shmmax=18446744073692774399
 * kernel.shmall=18446744073692774399
 * kernel.shmmni=4096
 * kernel.msgmni=32000
 * kernel.msgmax=8192
 * kernel.msgmnb=16384
 * page_size=4096
 * </pre>
 * A limit that is not there stays absent; a line that does not parse is a problem.
 */
public final class IpcLimitsParser {
    static final String SOURCE = "ipc-limits";
    private static final List<String> SINGLE = List.of("kernel.shmmax", "kernel.shmall", "kernel.shmmni",
            "kernel.msgmni", "kernel.msgmax", "kernel.msgmnb", "page_size");

    private IpcLimitsParser() {
    }

    public static Optional<IpcLimits> parse(List<String> lines, List<ParseProblem> problems) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Long> values = new LinkedHashMap<>();
        long[] sem = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).trim();
            String value = eq < 0 ? "" : line.substring(eq + 1).trim();
            if (!name.equals("kernel.sem") && !SINGLE.contains(name)) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized IPC limit line."));
                continue;
            }
            if (raw.containsKey(name)) {
                problems.add(new ParseProblem(SOURCE, line, name + " appeared twice; the first was kept."));
                continue;
            }
            try {
                if (name.equals("kernel.sem")) {
                    String[] f = Tokens.fields(value);
                    if (f.length != 4) {
                        throw new IllegalArgumentException("kernel.sem has " + f.length + " fields, not 4 (SEMMSL SEMMNS SEMOPM SEMMNI)");
                    }
                    long[] v = new long[4];
                    for (int i = 0; i < 4; i++) {
                        v[i] = number(f[i]);
                    }
                    sem = v;
                } else {
                    values.put(name, number(value));
                }
                raw.put(name, line);
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unreadable IPC limit: " + e.getMessage() + "."));
            }
        }
        return Optional.of(new IpcLimits(
                sem == null ? OptionalLong.empty() : OptionalLong.of(sem[0]),
                sem == null ? OptionalLong.empty() : OptionalLong.of(sem[1]),
                sem == null ? OptionalLong.empty() : OptionalLong.of(sem[2]),
                sem == null ? OptionalLong.empty() : OptionalLong.of(sem[3]),
                get(values, "kernel.shmmax"), get(values, "kernel.shmall"), get(values, "kernel.shmmni"),
                get(values, "kernel.msgmni"), get(values, "kernel.msgmax"), get(values, "kernel.msgmnb"),
                get(values, "page_size"), raw));
    }

    private static OptionalLong get(Map<String, Long> values, String name) {
        Long v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** A non-negative decimal; values beyond Long.MAX_VALUE (up to 2^64-1) saturate. */
    private static long number(String s) {
        if (!Tokens.digits(s, 20)) {
            throw new IllegalArgumentException("'" + s + "' is not a non-negative number");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                Long.parseUnsignedLong(s);
                return Long.MAX_VALUE;
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("'" + s + "' is out of range");
            }
        }
    }
}
