package io.bedside.app.report;

import io.bedside.app.ProbeScript;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reports' second line of defence against secrets in command lines: the probe masks them on
 * the host already, but a recording made by an older probe, or a kernel line quoting a command,
 * could still carry {@code --password=...}. Applied to every report file (HTML, Markdown, JSON
 * evidence) whether redaction is on or not, with the probe's own rules (secret-rules.txt through
 * {@link SecretRules}); the option names stay, their values become {@code ***}.
 * The text is cut where one command line cannot go on (line ends, HTML tags and the quotes and
 * escapes of JSON and HTML) and each piece is masked as one command line.
 */
final class SecretScrubber {
    private static final SecretRules RULES = SecretRules.parse(ProbeScript.secretRules());
    private static final Pattern BREAK = Pattern.compile(
            "\\R|[\t<>`]|\\\\[tnr\"\\\\/]|\\\\u[0-9a-fA-F]{4}|&(?:quot|#34|#39|#x27|apos|lt|gt);"
                    + "|\"(?=\\s*[:,\\]}])|(?<=[:,\\[{])\\s*\"");

    private SecretScrubber() {
    }

    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = BREAK.matcher(text);
        int from = 0;
        while (m.find()) {
            out.append(RULES.maskWords(text.substring(from, m.start()))).append(m.group());
            from = m.end();
        }
        return out.append(RULES.maskWords(text.substring(from))).toString();
    }
}
