package io.bedside.app.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces host names, user names and IP addresses in text with stable placeholders
 * ({@code host-1}, {@code user-1}, {@code ip-1}). One instance keeps the same original mapped to the
 * same placeholder across every string it redacts, so all files of one report agree.
 */
final class Redactor {
    private static final String NAME_EDGE = "[A-Za-z0-9_-]";
    private static final String H = "[0-9A-Fa-f]{1,4}";
    private static final String V4TAIL = "\\d{1,3}(?:\\.\\d{1,3}){3}";
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![A-Za-z0-9_:.])(?:"
                    + "(?:" + H + ":){7}" + H
                    + "|(?:" + H + "(?::" + H + "){0,6})?::(?:" + H + "(?::" + H + "){0,6})?"
                    + "(?:(?<=:)" + V4TAIL + "|:" + V4TAIL + ")?"
                    + ")(?![A-Za-z0-9_:]|\\.\\d)");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![0-9.])((?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3})(?![0-9]|\\.\\d)");

    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> ips = new LinkedHashMap<>();
    private final boolean enabled;

    Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    void addHost(String name) {
        if (name != null && !name.isBlank() && !hosts.containsKey(name.strip())) {
            hosts.put(name.strip(), "host-" + (hosts.size() + 1));
        }
    }

    void addUser(String name) {
        if (name != null && !name.isBlank() && !users.containsKey(name.strip())) {
            users.put(name.strip(), "user-" + (users.size() + 1));
        }
    }

    /** The text with every known name and every IP address replaced; unchanged when redaction is off. */
    String apply(String text) {
        if (!enabled || text == null) {
            return text;
        }
        String out = text;
        List<Map.Entry<String, String>> names = new ArrayList<>();
        names.addAll(hosts.entrySet());
        names.addAll(users.entrySet());
        names.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        for (Map.Entry<String, String> e : names) {
            Pattern p = Pattern.compile("(?<!" + NAME_EDGE + ")" + Pattern.quote(e.getKey()) + "(?!" + NAME_EDGE + ")");
            out = p.matcher(out).replaceAll(Matcher.quoteReplacement(e.getValue()));
        }
        out = replaceIps(IPV6, out, true);
        out = replaceIps(IPV4, out, false);
        return out;
    }

    private String replaceIps(Pattern p, String text, boolean v6) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String addr = m.group(0);
            if (v6 && !plausibleV6(addr)) {
                m.appendReplacement(sb, Matcher.quoteReplacement(addr));
                continue;
            }
            String ph = ips.computeIfAbsent(addr.toLowerCase(java.util.Locale.ROOT), k -> "ip-" + (ips.size() + 1));
            m.appendReplacement(sb, Matcher.quoteReplacement(ph));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Keeps C++-like "::" or times out: an IPv6 address has "::" at most once, or eight groups. */
    private static boolean plausibleV6(String s) {
        int first = s.indexOf("::");
        if (first >= 0 && s.indexOf("::", first + 1) >= 0) {
            return false;
        }
        return first >= 0 || s.chars().filter(c -> c == ':').count() == 7;
    }

    Map<String, String> mappingsForTest() {
        Map<String, String> all = new LinkedHashMap<>(hosts);
        all.putAll(users);
        all.putAll(ips);
        return all;
    }
}
