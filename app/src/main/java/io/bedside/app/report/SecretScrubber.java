package io.bedside.app.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's second line of defence against secrets in command lines: the probe masks them on
 * the host already, but a recording made by an older probe, or a kernel line quoting a command,
 * could still carry {@code --password=...}. Applied to every report file whether redaction is on
 * or not; the option names stay, their values become {@code ***}.
 */
final class SecretScrubber {
    private static final String NAME = "[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|api[-_]?key|access[-_]?key|credentials?)";
    private static final List<Pattern> KEEP_NAME = List.of(
            // --password=x, -Dspring.datasource.password=x, client_secret: x (but not --tokenizer=x)
            Pattern.compile("(?i)((?<![A-Za-z0-9])-{0,2}" + NAME + "[=:])(?!\\*\\*\\*)([^\\s\"'&,;\\\\]+)"),
            // --password x (the value as the next argument)
            Pattern.compile("(?i)((?<![A-Za-z0-9])--?(?:password|passwd|pass|pwd|secret|token|api[-_]?key)\\s+)(?!\\*\\*\\*|-)([^\\s\"'&,;\\\\]+)"),
            // scheme://user:secret@host
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"']+:)(?!\\*\\*\\*@)([^@\\s/\"'\\\\]+)(?=@)"),
            // mysql -pSECRET
            Pattern.compile("(\\b(?:mysql|mariadb|mysqldump|mysqladmin)\\b[^\\n\"]*?\\s-p)(?!\\*\\*\\*)([^\\s\"'\\\\]+)"));

    private SecretScrubber() {
    }

    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern p : KEEP_NAME) {
            Matcher m = p.matcher(out);
            out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "***"));
        }
        return out;
    }
}
