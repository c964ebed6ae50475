package io.bedside.model.cpu;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.WireText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the {@code cgroup-cpu} section: one line per cgroup with a CPU quota, fields separated by
 * TABs, the path escaped as host text. Samples (this machine, v1; a systemd host, v2):
 * <pre>
 * v1	/bedside-lab/busy.service	quota=20000 period=100000 nr_periods=21 nr_throttled=21 throttled_time=1598295306
 * v2	/system.slice/stress.service	quota=20000 period=100000 nr_periods=3217 nr_throttled=3216 throttled_usec=256016364 usage_usec=64427436
 * # cgroups=3 quota=1
 * </pre>
 * Detail: {@code v2=/sys/fs/cgroup v2root=/ v1=- v1root=- acct=-}. A path that is not absolute or
 * holds a {@code ..} component is refused (a cgroup path is later written to as a file under the
 * mount point), as is a counter that is not a non-negative number.
 */
public final class CgroupCpuParser {
    public static final String SOURCE = "cgroup-cpu";

    private CgroupCpuParser() {
    }

    public static Optional<CgroupCpuTable> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        Map<String, String> d = keyValues(detail == null ? "" : detail);
        List<CgroupCpu> out = new ArrayList<>();
        long looked = 0;
        boolean counted = false;
        for (String line : lines) {
            if (line.startsWith("# ")) {
                Map<String, String> kv = keyValues(line.substring(2));
                try {
                    looked += Long.parseLong(kv.getOrDefault("cgroups", "x"));
                    counted = true;
                } catch (NumberFormatException e) {
                    problems.add(new ParseProblem(SOURCE, line, "Unrecognized cgroup count line."));
                }
                continue;
            }
            try {
                out.add(line(line));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized cgroup CPU line: " + e.getMessage() + "."));
            }
        }
        return Optional.of(new CgroupCpuTable(mount(d, "v2"), mount(d, "v2root"), mount(d, "v1"), mount(d, "v1root"), out,
                counted ? OptionalLong.of(looked) : OptionalLong.empty()));
    }

    static CgroupCpu line(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("3 TAB-separated fields expected, not " + f.length);
        }
        String version = f[0];
        if (!version.equals("v1") && !version.equals("v2")) {
            throw new IllegalArgumentException("unknown hierarchy '" + cut(version) + "'");
        }
        String path = WireText.decode(f[1]);
        if (!safePath(path)) {
            throw new IllegalArgumentException("the path is not absolute or walks up with '..'");
        }
        Map<String, String> kv = keyValues(f[2]);
        long quota = number(kv, "quota").orElseThrow(() -> new IllegalArgumentException("no quota"));
        OptionalLong throttled = version.equals("v1") ? div(number(kv, "throttled_time")) : number(kv, "throttled_usec");
        OptionalLong usage = kv.containsKey("usage_usec") ? number(kv, "usage_usec") : div(number(kv, "usage_ns"));
        return new CgroupCpu(version, path, quota, number(kv, "period"), number(kv, "nr_periods"),
                number(kv, "nr_throttled"), throttled, usage);
    }

    /** Absolute, no empty, {@code .} or {@code ..} component, no NUL: a path that stays under its mount point. */
    public static boolean safePath(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static OptionalLong div(OptionalLong ns) {
        return ns.isPresent() ? OptionalLong.of(ns.getAsLong() / 1000) : ns;
    }

    private static OptionalLong number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + "='" + cut(v) + "' is not a non-negative number");
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is too large");
        }
    }

    private static Optional<String> mount(Map<String, String> d, String key) {
        String v = d.get(key);
        return v == null || v.equals("-") || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static Map<String, String> keyValues(String s) {
        Map<String, String> m = new HashMap<>();
        for (String w : s.trim().split(" +")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return m;
    }

    private static String cut(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "…" : s;
    }
}
