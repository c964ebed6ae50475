package io.bedside.model.memory;

import io.bedside.model.probe.ParseProblem;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the probe section {@code boots}. Two sources, told apart by their lines. Samples:
 * <pre>
 * IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY
 *  -1 3d1a9bda0b6947f48b2c4d0a0b5a9f61 Thu 2026-11-19 08:00:01 UTC Fri 2026-11-20 10:05:00 UTC
 *   0 7352d98ae6334bbebf2a1101fb5764dd Mon 2026-11-23 16:30:23 UTC Mon 2026-11-23 16:30:23 UTC
 * -1 3d1a9bda0b6947f48b2c4d0a0b5a9f61 Thu 2026-11-19 08:00:01 UTC—Fri 2026-11-20 10:05:00 UTC   (systemd before 250)
 *
 * reboot   system boot  6.1.0-18-amd64   2026-11-20T10:06:30+00:00   still running              (last -x --time-format iso)
 * shutdown system down  6.1.0-13-amd64   2026-11-20T10:05:00+00:00 - 2026-11-20T10:06:30+00:00  (00:01)
 * reboot   system boot  6.1.0-13-amd64   Thu Nov 19 08:00:00 2026 - Fri Nov 20 10:05:00 2026 (1+02:05)   (last -F)
 * </pre>
 * The result is newest first. wtmp's "still running" on a boot that is not the newest means no
 * shutdown was recorded before the next boot; a "system down" line between two boots marks the
 * earlier one as shut down. Zone names other than UTC/GMT are read in {@code zone} (the probe asks
 * for UTC).
 */
public final class BootParser {
    public static final String SOURCE = "boots";
    private static final String JDATE = "[A-Z][a-z]{2} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(?: ([A-Za-z]{1,6}|[+-]\\d{2}:?\\d{2}))?";
    private static final Pattern JOURNAL = Pattern.compile("^\\s*(-?\\d{1,6})\\s+([0-9a-f]{32})\\s+" + JDATE
            + "\\s*(?:\u2014|\u2013|-)?\\s*" + JDATE + "\\s*$");
    private static final Pattern JOURNAL_HEADER = Pattern.compile("^\\s*IDX\\s+BOOT ID\\s+FIRST ENTRY\\s+LAST ENTRY\\s*$");
    private static final String WDATE = "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})"
            + "|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]?\\d \\d{2}:\\d{2}:\\d{2} \\d{4})";
    private static final Pattern WTMP = Pattern.compile("^(reboot|shutdown)\\s+system (boot|down)\\s+(\\S*)\\s*" + WDATE
            + "\\s*(?:(still running|still logged in)|- (?:" + WDATE + "|(crash|down))\\s*(?:\\([^)]*\\))?)?\\s*$");
    private static final Pattern WTMP_BEGINS = Pattern.compile("^\\S*wtmp\\S* begins .*$");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US);

    private BootParser() {
    }

    public static Optional<List<Boot>> parse(List<String> lines, List<ParseProblem> problems) {
        return parse(lines, ZoneOffset.UTC, problems);
    }

    public static Optional<List<Boot>> parse(List<String> lines, ZoneId zone, List<ParseProblem> problems) {
        List<Boot> journal = new ArrayList<>();
        List<Boot> wtmp = new ArrayList<>();
        // wtmp is newest first: remember whether a shutdown was seen since (i.e. after) the boot above
        Optional<Instant> downSince = Optional.empty();
        boolean newestSeen = false;
        for (String line : lines) {
            if (line.isBlank() || JOURNAL_HEADER.matcher(line).matches() || WTMP_BEGINS.matcher(line.trim()).matches()) {
                continue;
            }
            Matcher m = JOURNAL.matcher(line);
            if (m.matches()) {
                try {
                    int idx = Integer.parseInt(m.group(1));
                    Instant first = journalTime(m.group(3), m.group(4), zone);
                    Instant last = journalTime(m.group(5), m.group(6), zone);
                    journal.add(new Boot(first, idx == 0 ? Optional.empty() : Optional.of(last),
                            idx == 0 ? Boot.End.RUNNING : Boot.End.LAST_ENTRY, Optional.of(m.group(2)), OptionalInt.of(idx),
                            Optional.empty(), line));
                } catch (DateTimeException | NumberFormatException e) {
                    problems.add(new ParseProblem(SOURCE, line, "Unrecognized date in a journal boot line."));
                }
                continue;
            }
            m = WTMP.matcher(line);
            if (m.matches()) {
                try {
                    Instant start = wtmpTime(m.group(4), zone);
                    if (m.group(1).equals("shutdown")) {
                        downSince = Optional.of(start);
                        continue;
                    }
                    Optional<String> kernel = m.group(3).isEmpty() ? Optional.empty() : Optional.of(m.group(3));
                    Boot.End how;
                    Optional<Instant> end = Optional.empty();
                    if (m.group(5) != null) {
                        // "still running": only the newest boot really is
                        how = !newestSeen ? Boot.End.RUNNING : downSince.isPresent() ? Boot.End.SHUTDOWN : Boot.End.NO_SHUTDOWN_RECORD;
                        end = newestSeen ? downSince : Optional.empty();
                    } else if (m.group(6) != null) {
                        end = Optional.of(wtmpTime(m.group(6), zone));
                        how = Boot.End.SHUTDOWN;
                    } else if ("crash".equals(m.group(7))) {
                        how = Boot.End.NO_SHUTDOWN_RECORD;
                    } else if ("down".equals(m.group(7))) {
                        how = Boot.End.SHUTDOWN;
                        end = downSince;
                    } else {
                        how = Boot.End.UNKNOWN;
                    }
                    wtmp.add(new Boot(start, end, how, Optional.empty(), OptionalInt.empty(), kernel, line));
                    newestSeen = true;
                    downSince = Optional.empty();
                } catch (DateTimeException e) {
                    problems.add(new ParseProblem(SOURCE, line, "Unrecognized date in a wtmp boot line."));
                }
                continue;
            }
            problems.add(new ParseProblem(SOURCE, line, "Unrecognized boot line."));
        }
        List<Boot> all = new ArrayList<>(journal.isEmpty() ? wtmp : journal);
        if (!journal.isEmpty() && !wtmp.isEmpty()) {
            problems.add(new ParseProblem(SOURCE, "", "Boot lines from both the journal and wtmp; the journal's were used."));
        }
        all.sort(Comparator.comparing(Boot::start).reversed());
        return Optional.of(all);
    }

    private static Instant journalTime(String dateTime, String zoneName, ZoneId zone) {
        LocalDateTime t = LocalDateTime.parse(dateTime.replace(' ', 'T'));
        return t.atZone(zoneOf(zoneName, zone)).toInstant();
    }

    private static ZoneId zoneOf(String name, ZoneId fallback) {
        if (name == null) {
            return fallback;
        }
        if (name.equals("UTC") || name.equals("GMT") || name.equals("Z") || name.equals("UCT")) {
            return ZoneOffset.UTC;
        }
        if (name.startsWith("+") || name.startsWith("-")) {
            return ZoneOffset.of(name.length() == 5 ? name.substring(0, 3) + ":" + name.substring(3) : name);
        }
        return fallback;
    }

    private static Instant wtmpTime(String s, ZoneId zone) {
        if (Character.isDigit(s.charAt(0))) {
            String t = s.replace(',', '.');
            if (t.matches(".*[+-]\\d{4}$")) {
                t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
            }
            return java.time.OffsetDateTime.parse(t).toInstant();
        }
        return LocalDateTime.parse(s.replaceAll("\\s+", " "), FULL).atZone(zone).toInstant();
    }
}
