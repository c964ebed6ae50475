package io.bedside.model.host;

import io.bedside.model.probe.ParseProblem;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses the probe's {@code host} section (key=value lines the probe builds from /proc, /sys and
 * date), plus /etc/os-release and /proc/uptime. Sample host lines:
 * <pre>
 * hostname=db-07
 * kernel=3.10.0-1160.el7.x86_64
 * cpus_online=0-3,6
 * btime=1795448417
 * </pre>
 */
public final class HostFactsParser {
    private HostFactsParser() {
    }

    public static Optional<HostFacts> parse(List<String> hostLines, List<String> osRelease, List<String> uptime,
                                            List<ParseProblem> problems) {
        Map<String, String> kv = new HashMap<>();
        for (String line : hostLines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                if (!line.isBlank()) {
                    problems.add(new ParseProblem("host", line, "Unrecognized host fact line."));
                }
                continue;
            }
            kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String hostname = kv.get("hostname");
        String kernel = kv.get("kernel");
        if (hostname == null || kernel == null) {
            problems.add(new ParseProblem("host", "", "The host facts lack a hostname or kernel release."));
            return Optional.empty();
        }
        OptionalInt cpus = OptionalInt.empty();
        if (kv.containsKey("cpus_online")) {
            try {
                cpus = OptionalInt.of(countCpuList(kv.get("cpus_online")));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem("host", "cpus_online=" + kv.get("cpus_online"), "Unrecognized CPU list."));
            }
        }
        OptionalInt uid = OptionalInt.empty();
        if (kv.containsKey("uid")) {
            try {
                uid = OptionalInt.of(Integer.parseInt(kv.get("uid")));
            } catch (NumberFormatException e) {
                problems.add(new ParseProblem("host", "uid=" + kv.get("uid"), "Unrecognized uid."));
            }
        }
        Optional<Instant> boot = Optional.empty();
        if (kv.containsKey("btime")) {
            try {
                boot = Optional.of(Instant.ofEpochSecond(Long.parseLong(kv.get("btime"))));
            } catch (NumberFormatException e) {
                problems.add(new ParseProblem("host", "btime=" + kv.get("btime"), "Unrecognized boot time."));
            }
        }
        Optional<Double> up = Optional.empty();
        String upLine = uptime.stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
        if (upLine != null) {
            try {
                up = Optional.of(Double.parseDouble(upLine.trim().split("\\s+")[0]));
            } catch (NumberFormatException e) {
                problems.add(new ParseProblem("uptime", upLine, "Unrecognized /proc/uptime line."));
            }
        }
        Map<String, String> os = OsReleaseParser.parse(osRelease);
        Optional<String> distribution = Optional.ofNullable(os.getOrDefault("PRETTY_NAME",
                os.containsKey("NAME") ? os.get("NAME") + " " + os.getOrDefault("VERSION_ID", "") : null)).map(String::trim);
        return Optional.of(new HostFacts(hostname, kernel, opt(kv, "machine"), distribution, cpus,
                opt(kv, "timezone"), opt(kv, "timezone_name").or(() -> zoneFromLink(kv.get("timezone_link"))),
                opt(kv, "user"), uid, boot, up));
    }

    private static Optional<String> opt(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private static Optional<String> zoneFromLink(String link) {
        if (link == null) {
            return Optional.empty();
        }
        int i = link.indexOf("zoneinfo/");
        return i < 0 ? Optional.empty() : Optional.of(link.substring(i + "zoneinfo/".length()));
    }

    /** Counts a kernel CPU list such as {@code 0-3,6,8-9}. */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            String[] r = part.split("-");
            if (r.length == 1) {
                Integer.parseInt(r[0]);
                n++;
            } else if (r.length == 2) {
                int a = Integer.parseInt(r[0]);
                int b = Integer.parseInt(r[1]);
                if (b < a) {
                    throw new IllegalArgumentException("range " + part);
                }
                n += b - a + 1;
            } else {
                throw new IllegalArgumentException("part " + part);
            }
        }
        return n;
    }
}
