package io.bedside.app.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts a sweep visits, read from what teams already keep: an ssh_config (every concrete
 * {@code Host} alias), an Ansible inventory (INI or YAML: groups, children, vars, host ranges such
 * as {@code db[01:20]}, {@code ansible_host}, {@code ansible_port}, {@code ansible_user},
 * {@code ansible_ssh_common_args} with {@code -J}/{@code -o ProxyJump=} and other {@code -o}
 * options), or a plain list of host names. Every problem is one sentence naming the file and line.
 */
public final class Inventory {
    /** What kind of file it was. */
    public enum Kind { SSH_CONFIG, ANSIBLE_INI, ANSIBLE_YAML, HOST_LIST }

    private final Kind kind;
    private final List<Target> targets;

    private Inventory(Kind kind, List<Target> targets) {
        this.kind = kind;
        this.targets = List.copyOf(targets);
    }

    public Kind kind() {
        return kind;
    }

    public List<Target> targets() {
        return targets;
    }

    private static final Pattern INI_SECTION = Pattern.compile("^\\s*\\[([^\\]]+)]\\s*$");
    private static final Pattern SSH_HOST = Pattern.compile("^\\s*Host\\s*[=\\s]\\s*(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?]");
    private static final int MAX_HOSTS = 100_000;

    /**
     * The ssh options its hosts are reached under, from the {@code given} ones (the command line's or
     * the window's): an ssh_config inventory's aliases mean what that file says, so it is the -F file
     * unless one was given.
     */
    public io.bedside.model.ssh.SshOptions sshOptions(Path file, io.bedside.model.ssh.SshOptions given) {
        if (kind != Kind.SSH_CONFIG || given.configFile().isPresent()) {
            return given;
        }
        return new io.bedside.model.ssh.SshOptions(Optional.of(file.toString()), given.port(), given.user(), given.identities(),
                given.jump(), given.options());
    }

    /** Reads {@code file}, telling its kind from its name and content. */
    public static Inventory read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("The inventory " + file + " is not a file.");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml") || looksLikeYaml(text)) {
            return new Inventory(Kind.ANSIBLE_YAML, yaml(file, text));
        }
        if (text.lines().anyMatch(l -> SSH_HOST.matcher(l).matches())) {
            return new Inventory(Kind.SSH_CONFIG, sshConfig(text));
        }
        if (text.lines().anyMatch(l -> INI_SECTION.matcher(l).matches() || l.contains("ansible_"))) {
            return new Inventory(Kind.ANSIBLE_INI, ini(file, text));
        }
        return new Inventory(Kind.HOST_LIST, hostList(file, text));
    }

    private static boolean looksLikeYaml(String text) {
        for (String l : text.lines().toList()) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#") || t.equals("---")) {
                continue;
            }
            return t.matches("[A-Za-z0-9_.-]+:\\s*(#.*)?");
        }
        return false;
    }

    // ------------------------------------------------------------------ ssh_config

    static List<Target> sshConfig(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String l : text.lines().toList()) {
            Matcher m = SSH_HOST.matcher(l);
            if (!m.matches()) {
                continue;
            }
            String patterns = m.group(1).replaceAll("\\s+#.*$", "");
            for (String p : patterns.trim().split("\\s+")) {
                String w = p.replace("\"", "");
                if (!w.isEmpty() && !w.startsWith("!") && w.indexOf('*') < 0 && w.indexOf('?') < 0) {
                    names.add(w);
                }
            }
        }
        return names.stream().map(n -> Target.named(n, List.of())).toList();
    }

    // ------------------------------------------------------------------ host list

    static List<Target> hostList(Path file, String text) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        int n = 0;
        for (String l : text.lines().toList()) {
            n++;
            String t = l.replaceAll("#.*$", "").strip();
            if (t.isEmpty()) {
                continue;
            }
            for (String w : t.split("[\\s,]+")) {
                checkName(file, n, w);
                names.addAll(expand(file, n, w));
            }
        }
        return names.stream().map(x -> Target.named(x, List.of())).toList();
    }

    // ------------------------------------------------------------------ Ansible INI

    /** What an inventory says of its groups, before targets are made. */
    private static final class Groups {
        final Map<String, Map<String, Map<String, String>>> hosts = new LinkedHashMap<>(); // group -> host -> vars
        final Map<String, Map<String, String>> vars = new LinkedHashMap<>();
        final Map<String, Set<String>> children = new LinkedHashMap<>();

        Map<String, Map<String, String>> group(String g) {
            vars.computeIfAbsent(g, k -> new LinkedHashMap<>());
            children.computeIfAbsent(g, k -> new LinkedHashSet<>());
            return hosts.computeIfAbsent(g, k -> new LinkedHashMap<>());
        }

        /** Every host with its groups (direct and through children) and its merged vars. */
        List<Target> targets(Path file) throws IOException {
            Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
            Map<String, Set<String>> hostGroups = new LinkedHashMap<>();
            for (String g : hosts.keySet()) {
                for (Map.Entry<String, Map<String, String>> h : hosts.get(g).entrySet()) {
                    hostVars.computeIfAbsent(h.getKey(), k -> new LinkedHashMap<>()).putAll(h.getValue());
                    hostGroups.computeIfAbsent(h.getKey(), k -> new LinkedHashSet<>());
                }
            }
            // a host is in every group whose children (transitively) hold it
            for (String g : hosts.keySet()) {
                for (String h : members(g, new LinkedHashSet<>())) {
                    hostGroups.get(h).add(g);
                }
            }
            Map<String, Integer> depth = depths();
            List<Target> out = new ArrayList<>();
            for (String h : hostVars.keySet()) {
                Map<String, String> v = new LinkedHashMap<>();
                // group vars from the widest group to the narrowest, then the host's own (Ansible's order, roughly)
                Map<String, String> all = vars.getOrDefault("all", Map.of());
                v.putAll(all);
                // a child group's vars win over its parent's; at the same depth, by name (as Ansible)
                List<String> byDepth = hostGroups.get(h).stream().filter(g -> !g.equals("all"))
                        .sorted(java.util.Comparator.comparingInt((String g) -> depth.getOrDefault(g, 1)).thenComparing(g -> g))
                        .toList();
                for (String g : byDepth) {
                    v.putAll(vars.getOrDefault(g, Map.of()));
                }
                v.putAll(hostVars.get(h));
                List<String> gs = hostGroups.get(h).stream().filter(g -> !g.equals("all")).toList();
                out.add(target(file, h, v, gs));
            }
            return out;
        }

        /** How deep each group sits under all (the longest path: a group is as narrow as its deepest place). */
        private Map<String, Integer> depths() {
            Map<String, Integer> d = new LinkedHashMap<>();
            d.put("all", 0);
            boolean changed = true;
            for (int round = 0; changed && round < 64; round++) {
                changed = false;
                for (Map.Entry<String, Set<String>> e : children.entrySet()) {
                    Integer pd = d.get(e.getKey());
                    if (pd == null) {
                        continue;
                    }
                    for (String c : e.getValue()) {
                        if (!c.equals("all") && d.getOrDefault(c, -1) < pd + 1) {
                            d.put(c, pd + 1);
                            changed = true;
                        }
                    }
                }
            }
            return d;
        }

        private Set<String> members(String g, Set<String> seen) {
            Set<String> out = new LinkedHashSet<>();
            if (!seen.add(g)) {
                return out;
            }
            out.addAll(hosts.getOrDefault(g, Map.of()).keySet());
            for (String c : children.getOrDefault(g, Set.of())) {
                out.addAll(members(c, seen));
            }
            return out;
        }
    }

    static List<Target> ini(Path file, String text) throws IOException {
        Groups groups = new Groups();
        String section = "ungrouped";
        String mode = "hosts";
        groups.group("all");
        groups.group(section);
        int n = 0;
        for (String raw : text.lines().toList()) {
            n++;
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            Matcher sec = INI_SECTION.matcher(l);
            if (sec.matches()) {
                String s = sec.group(1).trim();
                int colon = s.indexOf(':');
                section = colon < 0 ? s : s.substring(0, colon);
                mode = colon < 0 ? "hosts" : s.substring(colon + 1);
                if (!mode.equals("hosts") && !mode.equals("vars") && !mode.equals("children")) {
                    throw new IOException(file + " line " + n + ": [" + s + "] is not a group, :vars or :children section.");
                }
                groups.group(section);
                continue;
            }
            List<String> words = words(file, n, l);
            switch (mode) {
                case "vars" -> {
                    int eq = l.indexOf('=');
                    if (eq <= 0) {
                        throw new IOException(file + " line " + n + ": a vars line is KEY=VALUE.");
                    }
                    groups.vars.get(section).put(l.substring(0, eq).trim(), unquote(l.substring(eq + 1).trim()));
                }
                case "children" -> {
                    groups.group(words.get(0));
                    groups.children.get(section).add(words.get(0));
                }
                default -> {
                    checkName(file, n, words.get(0));
                    Map<String, String> v = new LinkedHashMap<>();
                    for (String w : words.subList(1, words.size())) {
                        int eq = w.indexOf('=');
                        if (eq <= 0) {
                            throw new IOException(file + " line " + n + ": '" + w + "' after the host name is not KEY=VALUE.");
                        }
                        v.put(w.substring(0, eq), unquote(w.substring(eq + 1)));
                    }
                    for (String h : expand(file, n, words.get(0))) {
                        groups.group(section).computeIfAbsent(h, k -> new LinkedHashMap<>()).putAll(v);
                    }
                }
            }
        }
        // hosts in no group but "ungrouped" stay there; every group is a child of all
        for (String g : groups.hosts.keySet()) {
            if (!g.equals("all")) {
                groups.children.get("all").add(g);
            }
        }
        return groups.targets(file);
    }

    /** A line's words, shell-like: quotes keep spaces ({@code ansible_ssh_common_args='-o A=B -J x'}). */
    static List<String> words(Path file, int line, String l) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
                any = true;
            } else if (c == '#' && cur.isEmpty()) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quote != 0) {
            throw new IOException(file + " line " + line + ": a quote is not closed.");
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        int q = v.indexOf('=');
        // key='a b' inside a word: the value part is quoted
        if (q < 0 && (v.startsWith("'") || v.startsWith("\""))) {
            return v.substring(1);
        }
        return v;
    }

    // ------------------------------------------------------------------ Ansible YAML

    static List<Target> yaml(Path file, String text) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new IOException(file + " is not YAML that can be read: " + why);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " holds no groups (an Ansible YAML inventory starts with a group such as all:).");
        }
        Groups groups = new Groups();
        groups.group("all");
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            yamlGroup(file, groups, e.getKey(), e.getValue(), 0);
            if (!e.getKey().equals("all")) {
                groups.children.get("all").add(e.getKey());
            }
        }
        return groups.targets(file);
    }

    private static void yamlGroup(Path file, Groups groups, String name, JsonNode g, int depth) throws IOException {
        if (depth > 50) {
            throw new IOException(file + ": groups nest deeper than 50.");
        }
        groups.group(name);
        if (g == null || g.isNull()) {
            return;
        }
        if (!g.isObject()) {
            throw new IOException(file + ": group " + name + " is not a mapping of hosts, vars and children.");
        }
        JsonNode hosts = g.get("hosts");
        if (hosts != null && hosts.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> hs = hosts.fields();
            while (hs.hasNext()) {
                Map.Entry<String, JsonNode> h = hs.next();
                checkName(file, 0, h.getKey());
                Map<String, String> v = scalars(h.getValue());
                for (String x : expand(file, 0, h.getKey())) {
                    groups.group(name).computeIfAbsent(x, k -> new LinkedHashMap<>()).putAll(v);
                }
            }
        }
        JsonNode vars = g.get("vars");
        if (vars != null && vars.isObject()) {
            groups.vars.get(name).putAll(scalars(vars));
        }
        JsonNode children = g.get("children");
        if (children != null && children.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> cs = children.fields();
            while (cs.hasNext()) {
                Map.Entry<String, JsonNode> c = cs.next();
                yamlGroup(file, groups, c.getKey(), c.getValue(), depth + 1);
                groups.children.get(name).add(c.getKey());
            }
        }
    }

    private static Map<String, String> scalars(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ shared

    private static Target target(Path file, String name, Map<String, String> v, List<String> groups) throws IOException {
        String address = v.getOrDefault("ansible_host", v.getOrDefault("ansible_ssh_host", name));
        OptionalInt port = OptionalInt.empty();
        String p = v.getOrDefault("ansible_port", v.get("ansible_ssh_port"));
        if (p != null) {
            try {
                int x = Integer.parseInt(p.trim());
                if (x < 1 || x > 65535) {
                    throw new NumberFormatException();
                }
                port = OptionalInt.of(x);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": ansible_port of " + name + " is '" + p + "', not a port number.");
            }
        }
        Optional<String> user = Optional.ofNullable(v.getOrDefault("ansible_user", v.get("ansible_ssh_user")));
        Optional<String> jump = Optional.empty();
        Map<String, String> options = new LinkedHashMap<>();
        String common = (v.getOrDefault("ansible_ssh_common_args", "") + " " + v.getOrDefault("ansible_ssh_extra_args", "")).trim();
        if (!common.isEmpty()) {
            List<String> w = words(file, 0, common).stream().map(Inventory::unquote).toList();
            for (int i = 0; i < w.size(); i++) {
                String a = w.get(i);
                if (a.equals("-J") && i + 1 < w.size()) {
                    jump = Optional.of(w.get(++i));
                } else if (a.equals("-o") && i + 1 < w.size()) {
                    String kv = unquote(w.get(++i));
                    int eq = kv.indexOf('=');
                    int sp = kv.indexOf(' ');
                    int at = eq > 0 && (sp < 0 || eq < sp) ? eq : sp;
                    if (at <= 0) {
                        throw new IOException(file + ": ansible_ssh_common_args of " + name + " has -o '" + kv + "', not Key=Value.");
                    }
                    String key = kv.substring(0, at).trim();
                    String val = unquote(kv.substring(at + 1).trim());
                    if (key.equalsIgnoreCase("ProxyJump")) {
                        jump = Optional.of(val);
                    } else {
                        options.put(key, val);
                    }
                } else if (a.startsWith("-o") && a.length() > 2) {
                    String kv = a.substring(2);
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        if (kv.substring(0, eq).equalsIgnoreCase("ProxyJump")) {
                            jump = Optional.of(kv.substring(eq + 1));
                        } else {
                            options.put(kv.substring(0, eq), unquote(kv.substring(eq + 1)));
                        }
                    }
                }
                // other ssh flags (-q, -C...) change nothing Bedside reads
            }
        }
        return new Target(name, address, port, user, jump, options, groups);
    }

    /** A host name can be neither empty nor an option, nor hold what no host name holds. */
    private static void checkName(Path file, int line, String name) throws IOException {
        if (name.isEmpty() || name.startsWith("-") || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\'' || c == '"' || c == '\\')) {
            throw new IOException(file + (line > 0 ? " line " + line : "") + ": '" + name.replaceAll("[^\\x21-\\x7e]", "?")
                    + "' cannot be a host name.");
        }
    }

    /** {@code db[01:03].x} -> db01.x, db02.x, db03.x (Ansible's ranges: numbers keep their width, letters, a step). */
    static List<String> expand(Path file, int line, String pattern) throws IOException {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String a = m.group(1);
        String b = m.group(2);
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        List<String> out = new ArrayList<>();
        String head = pattern.substring(0, m.start());
        String tail = pattern.substring(m.end());
        boolean letters = Character.isLetter(a.charAt(0));
        if (letters != Character.isLetter(b.charAt(0)) || step < 1) {
            throw new IOException(file + (line > 0 ? " line " + line : "") + ": the range in " + pattern + " is not [a:b] of numbers or letters.");
        }
        long from = letters ? a.charAt(0) : Long.parseLong(a);
        long to = letters ? b.charAt(0) : Long.parseLong(b);
        if (to < from || (to - from) / step > MAX_HOSTS) {
            throw new IOException(file + (line > 0 ? " line " + line : "") + ": the range in " + pattern + " is empty or larger than "
                    + MAX_HOSTS + " hosts.");
        }
        for (long i = from; i <= to; i += step) {
            String x = letters ? String.valueOf((char) i) : (a.length() > 1 && a.startsWith("0")
                    ? String.format("%0" + a.length() + "d", i) : Long.toString(i));
            out.addAll(expand(file, line, head + x + tail));
            if (out.size() > MAX_HOSTS) {
                throw new IOException(file + ": " + pattern + " makes more than " + MAX_HOSTS + " hosts.");
            }
        }
        return out;
    }

    /**
     * The hosts {@code limit} selects, as Ansible's --limit: patterns separated by {@code ,} or
     * {@code :}, each a host or group name or a glob; {@code !x} removes, {@code &x} keeps only
     * those also in x. An empty selection is an error sentence.
     */
    public List<Target> limit(String limit) {
        List<Target> selected = new ArrayList<>();
        List<String> pats = List.of(limit.split("[,:]"));
        for (String p : pats) {
            String t = p.strip();
            if (t.isEmpty() || t.startsWith("!") || t.startsWith("&")) {
                continue;
            }
            for (Target x : targets) {
                if (matches(x, t) && !selected.contains(x)) {
                    selected.add(x);
                }
            }
        }
        if (pats.stream().allMatch(p -> p.strip().startsWith("!") || p.strip().startsWith("&") || p.isBlank())) {
            selected.addAll(targets);
        }
        for (String p : pats) {
            String t = p.strip();
            if (t.startsWith("!")) {
                selected.removeIf(x -> matches(x, t.substring(1)));
            } else if (t.startsWith("&")) {
                selected.removeIf(x -> !matches(x, t.substring(1)));
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--limit " + limit + " selects no host of the inventory.");
        }
        return selected;
    }

    /** The hosts whose names match one of {@code patterns} (globs, comma-separated). */
    public List<Target> hosts(String patterns) {
        List<Target> out = targets.stream().filter(t -> {
            for (String p : patterns.split(",")) {
                if (glob(p.strip()).matcher(t.name()).matches()) {
                    return true;
                }
            }
            return false;
        }).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--hosts " + patterns + " matches no host of the inventory.");
        }
        return out;
    }

    private static boolean matches(Target t, String pattern) {
        Pattern g = glob(pattern);
        return g.matcher(t.name()).matches() || t.groups().stream().anyMatch(x -> g.matcher(x).matches())
                || pattern.equals("all");
    }

    private static Pattern glob(String p) {
        StringBuilder b = new StringBuilder();
        for (char c : p.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }
}
