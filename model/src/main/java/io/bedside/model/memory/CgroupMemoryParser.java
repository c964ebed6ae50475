package io.bedside.model.memory;

import io.bedside.model.probe.WireText;
import io.bedside.model.probe.ParseProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the probe section {@code cgroup-mem}: one line per cgroup, version, path and values,
 * separated by TABs (the values by spaces). Sample:
 * <pre>
 * v2→/system.slice/nginx.service→max=67108864 high=max current=66715648 swap.max=0 swap.current=0 oom=3 oom_kill=3
 * v1→/bedside-oom→limit=67108864 usage=65536000 failcnt=4 memsw.limit=67108864 memsw.usage=65536000 under_oom=0 oom_kill=3
 * v2→/gone.scope→missing
 * </pre>
 * The section's detail names the mounts: {@code v2=/sys/fs/cgroup v1=-}. A bad line is a problem
 * and left out; the other cgroups stay usable.
 */
public final class CgroupMemoryParser {
    public static final String SOURCE = "cgroup-mem";

    private CgroupMemoryParser() {
    }

    public static Optional<CgroupMemoryTable> parse(List<String> lines, List<ParseProblem> problems) {
        return parse(lines, "", problems);
    }

    /** @param detail the section's detail, {@code v2=MOUNT v1=MOUNT} ({@code -} for none) */
    public static Optional<CgroupMemoryTable> parse(List<String> lines, String detail, List<ParseProblem> problems) {
        Map<CgroupRef, CgroupMemory> out = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !(f[0].equals("v1") || f[0].equals("v2"))) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized cgroup line: expected VERSION, PATH and values separated by TABs."));
                continue;
            }
            Optional<CgroupRef> ref = CgroupRef.parse(f[0] + ":" + WireText.decode(f[1]));
            if (ref.isEmpty()) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized cgroup path '" + f[1] + "'."));
                continue;
            }
            CgroupMemory m;
            if (f[2].equals("missing")) {
                m = new CgroupMemory(ref.get(), true, Map.of(), line);
            } else {
                Map<String, String> values = new LinkedHashMap<>();
                boolean bad = false;
                for (String tok : f[2].split(" ")) {
                    if (tok.isEmpty()) {
                        continue;
                    }
                    int eq = tok.indexOf('=');
                    String v = eq > 0 ? tok.substring(eq + 1) : "";
                    if (eq <= 0 || !(v.equals("max") || digits(v))) {
                        problems.add(new ParseProblem(SOURCE, line, "Unrecognized cgroup value '" + tok + "'."));
                        bad = true;
                        continue;
                    }
                    values.put(tok.substring(0, eq), v);
                }
                if (bad && values.isEmpty()) {
                    continue;
                }
                m = new CgroupMemory(ref.get(), false, values, line);
            }
            if (out.putIfAbsent(ref.get(), m) != null) {
                problems.add(new ParseProblem(SOURCE, line, "A second line for cgroup " + ref.get() + " was ignored."));
            }
        }
        Optional<String> v2 = Optional.empty();
        Optional<String> v1 = Optional.empty();
        for (String tok : detail.trim().split(" ")) {
            if (tok.startsWith("v2=") && tok.length() > 3 && !tok.equals("v2=-")) {
                v2 = Optional.of(tok.substring(3));
            } else if (tok.startsWith("v1=") && tok.length() > 3 && !tok.equals("v1=-")) {
                v1 = Optional.of(tok.substring(3));
            }
        }
        return Optional.of(new CgroupMemoryTable(out, v2, v1));
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
