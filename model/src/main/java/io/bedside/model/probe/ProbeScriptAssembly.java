package io.bedside.model.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the probe script together from its two source files: {@code probe.sh} and the secret-masking
 * rules ({@code secret-rules.txt}, the one source of truth that the reports' second pass reads as
 * well). The rules' lines (without comments and blank lines) replace the placeholder in
 * {@code bs_secret_rules=__BEDSIDE_SECRET_RULES__} as one single-quoted shell word. A probe run
 * without this step shows no command-line argument at all (its masking has no rules).
 */
public final class ProbeScriptAssembly {
    /** The word in probe.sh that the rules replace. */
    public static final String PLACEHOLDER = "__BEDSIDE_SECRET_RULES__";

    private ProbeScriptAssembly() {
    }

    /** The script to send: {@code probe} with {@code secretRules} in place of the placeholder. */
    public static String assemble(String probe, String secretRules) {
        int at = probe.indexOf(PLACEHOLDER);
        if (at < 0 || probe.indexOf(PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalArgumentException("The probe script must hold " + PLACEHOLDER + " exactly once.");
        }
        return probe.substring(0, at) + shellWord(String.join("\n", ruleLines(secretRules)))
                + probe.substring(at + PLACEHOLDER.length());
    }

    /** The lines of the rules file that say something: no comment, no blank line, no trailing space. */
    public static List<String> ruleLines(String secretRules) {
        List<String> out = new ArrayList<>();
        for (String line : secretRules.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    private static String shellWord(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
