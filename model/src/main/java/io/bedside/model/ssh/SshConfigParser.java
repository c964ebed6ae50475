package io.bedside.model.ssh;

import io.bedside.model.ssh.EffectiveSshConfig.StrictHostKeyChecking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a host the OpenSSH way, in two forms, both pure:
 * <ul>
 *   <li>{@link #fromSshG}: the output of {@code ssh -G HOST}, which is exactly what OpenSSH would
 *   use (sample line: {@code proxyjump edge,mid});</li>
 *   <li>{@link #fromConfigFile}: where no ssh client is installed, ssh_config text read directly
 *   for the keywords Bedside needs (Host blocks, first value wins; Match blocks are not
 *   evaluated and are reported).</li>
 * </ul>
 */
public final class SshConfigParser {
    private SshConfigParser() {
    }

    /** Keys whose values accumulate (every occurrence counts) rather than first-wins. */
    private static final List<String> MULTI = List.of("identityfile");

    /**
     * @param sshG     lines of {@code ssh -G} output
     * @param alias    the host part the operator typed
     * @param home     the user's home directory, for {@code ~}
     * @param localUser the local user name, OpenSSH's default login user
     */
    public static EffectiveSshConfig fromSshG(List<String> sshG, String alias, String home, String localUser) {
        Map<String, List<String>> kv = new LinkedHashMap<>();
        for (String line : sshG) {
            String l = line.trim();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            String key = (sp < 0 ? l : l.substring(0, sp)).toLowerCase(Locale.ROOT);
            String value = sp < 0 ? "" : l.substring(sp + 1).trim();
            kv.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return build(kv, alias, home, localUser);
    }

    /**
     * Reads ssh_config text for one host.
     *
     * @param configLines the file's lines
     * @param alias       the host part the operator typed
     */
    public static EffectiveSshConfig fromConfigFile(List<String> configLines, String alias, String home,
                                                    String localUser, List<String> warnings) {
        Map<String, List<String>> kv = new LinkedHashMap<>();
        boolean applies = true;
        for (String raw : configLines) {
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kvPair = l.split("\\s*=\\s*|\\s+", 2);
            String key = kvPair[0].toLowerCase(Locale.ROOT);
            String value = kvPair.length > 1 ? unquote(kvPair[1].trim()) : "";
            if (key.equals("host")) {
                applies = hostMatches(alias, value.split("\\s+"));
                continue;
            }
            if (key.equals("match")) {
                applies = false;
                warnings.add("A 'Match' block in ssh_config was not evaluated (no ssh client installed to do it).");
                continue;
            }
            if (!applies) {
                continue;
            }
            if (MULTI.contains(key)) {
                kv.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } else if (key.equals("userknownhostsfile") || key.equals("globalknownhostsfile")) {
                kv.putIfAbsent(key, List.of(value));
            } else {
                kv.putIfAbsent(key, List.of(value));
            }
        }
        if (kv.containsKey("hostname")) {
            kv.put("hostname", List.of(kv.get("hostname").get(0).replace("%h", alias)));
        }
        return build(kv, alias, home, localUser);
    }

    /** Host aliases named in ssh_config (no wildcards, no negations), for the connect screen. */
    public static List<String> aliases(List<String> configLines) {
        List<String> out = new ArrayList<>();
        for (String raw : configLines) {
            String l = raw.trim();
            String[] kv = l.split("\\s*=\\s*|\\s+", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase("host")) {
                for (String p : kv[1].trim().split("\\s+")) {
                    if (!p.contains("*") && !p.contains("?") && !p.startsWith("!") && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    static boolean hostMatches(String host, String[] patterns) {
        boolean matched = false;
        for (String p : patterns) {
            boolean negate = p.startsWith("!");
            String pat = negate ? p.substring(1) : p;
            if (KnownHosts.globMatches(pat.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
                if (negate) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static EffectiveSshConfig build(Map<String, List<String>> kv, String alias, String home, String localUser) {
        String hostName = first(kv, "hostname").orElse(alias);
        int port = first(kv, "port").map(Integer::parseInt).orElse(22);
        String user = first(kv, "user").orElse(localUser);
        List<String> ids = new ArrayList<>();
        for (String v : kv.getOrDefault("identityfile", List.of())) {
            if (!v.equalsIgnoreCase("none")) {
                ids.add(expand(v, home));
            }
        }
        if (!kv.containsKey("identityfile")) {
            for (String d : List.of("id_rsa", "id_ecdsa", "id_ed25519")) {
                ids.add(home + "/.ssh/" + d);
            }
        }
        List<String> jump = first(kv, "proxyjump").filter(j -> !j.equalsIgnoreCase("none"))
                .map(j -> Arrays.stream(j.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        List<String> userKh = first(kv, "userknownhostsfile")
                .map(v -> Arrays.stream(v.split("\\s+")).map(p -> expand(p, home)).toList())
                .orElse(List.of(home + "/.ssh/known_hosts", home + "/.ssh/known_hosts2"));
        List<String> globalKh = first(kv, "globalknownhostsfile")
                .map(v -> Arrays.stream(v.split("\\s+")).map(p -> expand(p, home)).toList())
                .orElse(List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"));
        StrictHostKeyChecking strict = first(kv, "stricthostkeychecking").map(StrictHostKeyChecking::parse)
                .orElse(StrictHostKeyChecking.ASK);
        boolean hash = first(kv, "hashknownhosts").map(SshConfigParser::yes).orElse(false);
        Duration alive = first(kv, "serveraliveinterval").map(SshConfigParser::seconds).orElse(Duration.ZERO);
        int aliveMax = first(kv, "serveralivecountmax").map(Integer::parseInt).orElse(3);
        Optional<Duration> connectTimeout = first(kv, "connecttimeout").filter(v -> !v.equalsIgnoreCase("none"))
                .map(SshConfigParser::seconds);
        boolean idsOnly = first(kv, "identitiesonly").map(SshConfigParser::yes).orElse(false);
        Optional<String> agent = first(kv, "identityagent").map(v -> expand(v, home));
        return new EffectiveSshConfig(alias, hostName, port, user, ids, idsOnly, jump, userKh, globalKh, strict,
                hash, alive, aliveMax, connectTimeout, agent);
    }

    private static boolean yes(String v) {
        return v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true");
    }

    private static Duration seconds(String v) {
        return Duration.ofSeconds(Long.parseLong(v.trim()));
    }

    private static Optional<String> first(Map<String, List<String>> kv, String key) {
        List<String> v = kv.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    static String expand(String path, String home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home + path.substring(1);
        }
        return path.replace("%d", home);
    }
}
