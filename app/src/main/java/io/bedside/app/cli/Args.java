package io.bedside.app.cli;

import io.bedside.model.ssh.SshOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line: OpenSSH's flags ({@code -F -p -l -i -J -o}) plus Bedside's own.
 */
public record Args(List<String> positional, SshOptions ssh, boolean json, boolean sudo,
                   Optional<Duration> duration, Optional<String> output, Optional<Duration> interval,
                   boolean dryRun, boolean yes, boolean redact, Optional<String> description,
                   Optional<String> format, Map<String, String> warning, Map<String, String> critical,
                   Optional<Duration> timeout, Optional<String> hosts, Optional<String> limit, OptionalInt parallel,
                   Optional<String> fleet) {

    /** @throws IllegalArgumentException with one sentence on a bad argument */
    public static Args parse(List<String> args) {
        List<String> pos = new ArrayList<>();
        Optional<String> config = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        Optional<String> user = Optional.empty();
        List<String> ids = new ArrayList<>();
        Optional<String> jump = Optional.empty();
        Map<String, String> opts = new LinkedHashMap<>();
        boolean json = false;
        boolean sudo = false;
        boolean dryRun = false;
        boolean yes = false;
        boolean redact = false;
        Optional<Duration> duration = Optional.empty();
        Optional<Duration> interval = Optional.empty();
        Optional<String> output = Optional.empty();
        Optional<String> description = Optional.empty();
        Optional<String> format = Optional.empty();
        Map<String, String> warning = new LinkedHashMap<>();
        Map<String, String> critical = new LinkedHashMap<>();
        Optional<Duration> timeout = Optional.empty();
        Optional<String> hosts = Optional.empty();
        Optional<String> limit = Optional.empty();
        OptionalInt parallel = OptionalInt.empty();
        Optional<String> fleet = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-F" -> config = Optional.of(value(args, ++i, a));
                case "-p" -> {
                    String v = value(args, ++i, a);
                    try {
                        port = OptionalInt.of(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("-p needs a port number, not '" + v + "'.");
                    }
                }
                case "-l" -> user = Optional.of(value(args, ++i, a));
                case "-i" -> ids.add(value(args, ++i, a));
                case "-J" -> jump = Optional.of(value(args, ++i, a));
                case "-o" -> {
                    // -o Key=Value is an ssh_config option (as OpenSSH's); -o FILE is where record writes
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq > 0) {
                        opts.put(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    } else {
                        output = Optional.of(v);
                    }
                }
                case "--json" -> json = true;
                case "--sudo" -> sudo = true;
                case "--dry-run" -> dryRun = true;
                case "--redact" -> redact = true;
                case "--yes", "-y" -> yes = true;
                case "--for" -> duration = Optional.of(duration(value(args, ++i, a)));
                case "--interval" -> interval = Optional.of(duration(value(args, ++i, a)));
                case "--output" -> output = Optional.of(value(args, ++i, a));
                case "--description" -> description = Optional.of(value(args, ++i, a));
                case "--format" -> format = Optional.of(value(args, ++i, a));
                case "--warning", "-w" -> threshold(warning, value(args, ++i, a), a);
                case "--critical", "-c" -> threshold(critical, value(args, ++i, a), a);
                case "--timeout", "-t" -> timeout = Optional.of(duration(value(args, ++i, a)));
                case "--hosts" -> hosts = Optional.of(value(args, ++i, a));
                case "--limit" -> limit = Optional.of(value(args, ++i, a));
                case "--fleet" -> fleet = Optional.of(value(args, ++i, a));
                case "--parallel" -> {
                    String v = value(args, ++i, a);
                    try {
                        int n = Integer.parseInt(v);
                        if (n < 1 || n > 1024) {
                            throw new NumberFormatException();
                        }
                        parallel = OptionalInt.of(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--parallel needs a number of hosts from 1 to 1024, not '" + v + "'.");
                    }
                }
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new IllegalArgumentException("Unknown option '" + a + "'; see ./bedside --help.");
                    }
                    pos.add(a);
                }
            }
        }
        if (dryRun && yes) {
            throw new IllegalArgumentException("Choose --dry-run or --yes, not both.");
        }
        return new Args(pos, new SshOptions(config, port, user, ids, jump, opts), json, sudo, duration, output, interval,
                dryRun, yes, redact, description, format, Map.copyOf(warning), Map.copyOf(critical), timeout, hosts, limit, parallel, fleet);
    }

    /** {@code NAME=VALUE[,NAME=VALUE...]}: a threshold per metric (checked against the metrics when the check runs). */
    private static void threshold(Map<String, String> into, String v, String flag) {
        for (String part : v.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException(flag + " takes METRIC=VALUE (such as ipc_sem_arrays=90%), not '" + part + "'.");
            }
            into.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value.");
        }
        return args.get(i);
    }

    /** A duration as it is given: {@code 30s}, {@code 10m}, {@code 500ms}. */
    public static String show(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} (a bare number is seconds). */
    public static Duration duration(String v) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            String num = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(num);
            Duration d = switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (Character.isDigit(unit)) {
                        yield Duration.ofSeconds(n);
                    }
                    throw new NumberFormatException();
                }
            };
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + v + "' is not a duration such as 30s, 10m or 1h.");
        }
    }
}
