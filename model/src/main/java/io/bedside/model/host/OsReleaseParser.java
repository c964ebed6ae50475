package io.bedside.model.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /etc/os-release (shell-style assignments). Sample: {@code PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"}.
 */
public final class OsReleaseParser {
    private OsReleaseParser() {
    }

    public static Map<String, String> parse(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String v = l.substring(eq + 1);
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
            }
            out.put(l.substring(0, eq), v);
        }
        return out;
    }
}
