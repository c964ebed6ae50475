package io.bedside.model.memory;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a kernel log line into its time stamp and the kernel's message. Stamps understood:
 * <pre>
 * [ 2992.205443] msg                                   dmesg: seconds after boot
 * &lt;3&gt;[ 2992.205443] msg                                dmesg -r
 * [Mon Nov 23 16:30:09 2026] msg                       dmesg -T (also de_DE "[Mo Nov 23 ...]", zh_CN "[一 11月 23 ...]")
 * 2026-11-23T16:30:09,205443+00:00 msg                 dmesg --time-format iso
 * 2026-11-23T16:30:23+0000 vm kernel: msg              journalctl -o short-iso (and short-iso-precise, rsyslog RFC 3339)
 * Nov 23 16:30:23.205443 vm kernel: msg                journalctl -o short-precise, -o short, classic syslog files
 * Nov 23 16:30:09 vm kernel: [ 2992.205443] msg       syslog with the kernel's own stamp kept
 * </pre>
 * A line without a stamp is all message. A stamp that cannot be placed in time (an unknown month
 * name, no boot time for a dmesg stamp) leaves the time empty; the stamp text is kept.
 */
final class LogStamps {
    private static final Pattern MONO = Pattern.compile("^(?:<\\d{1,3}>)?\\[\\s*(\\d{1,10})\\.(\\d{1,9})\\] ?(.*)$", Pattern.DOTALL);
    private static final Pattern BRACKET = Pattern.compile("^\\[([^\\]\\[]{1,64})\\] ?(.*)$", Pattern.DOTALL);
    private static final Pattern CTIME = Pattern.compile(
            "^(\\S+)\\s+(\\S+)\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(\\d{4})$");
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2}) (.*)$", Pattern.DOTALL);
    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? (.*)$", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^(\\S+) kernel: ?(.*)$", Pattern.DOTALL);
    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        String[] en = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        String[] de = {"jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"};
        for (int i = 0; i < 12; i++) {
            MONTHS.put(en[i], i + 1);
            MONTHS.put(de[i], i + 1);
            MONTHS.put((i + 1) + "月", i + 1);   // zh_CN, zh_TW, ja_JP
            MONTHS.put((i + 1) + "월", i + 1);   // ko_KR
        }
    }

    private LogStamps() {
    }

    /**
     * @param stamp    the stamp as printed, empty when the line had none
     * @param time     the instant, when it could be placed
     * @param uptime   seconds after boot, for a dmesg stamp
     * @param message  the kernel's message
     * @param unplaced a stamp was there but could not be turned into a time (say why)
     */
    record Stamped(String stamp, Optional<Instant> time, OptionalDouble uptime, String message, Optional<String> unplaced) {
    }

    static Stamped split(String raw, LogClock clock) {
        Matcher m = MONO.matcher(raw);
        if (m.matches()) {
            return mono(raw.substring(0, raw.length() - m.group(3).length()).trim(), m.group(1), m.group(2), m.group(3), clock, Optional.empty());
        }
        m = BRACKET.matcher(raw);
        if (m.matches()) {
            String inner = m.group(1).trim();
            Matcher c = CTIME.matcher(inner);
            String stamp = "[" + m.group(1) + "]";
            if (!c.matches()) {
                return new Stamped("", Optional.empty(), OptionalDouble.empty(), raw, Optional.empty());
            }
            Integer month = MONTHS.get(c.group(2).toLowerCase(Locale.ROOT));
            if (month == null) {
                return new Stamped(stamp, Optional.empty(), OptionalDouble.empty(), m.group(2),
                        Optional.of("the month '" + c.group(2) + "' of a dmesg -T date is in a language Bedside does not know"));
            }
            try {
                LocalDateTime t = LocalDateTime.of(Integer.parseInt(c.group(7)), month, Integer.parseInt(c.group(3)),
                        Integer.parseInt(c.group(4)), Integer.parseInt(c.group(5)), Integer.parseInt(c.group(6)));
                return new Stamped(stamp, Optional.of(t.atZone(clock.zone()).toInstant()), OptionalDouble.empty(), m.group(2), Optional.empty());
            } catch (DateTimeException e) {
                return new Stamped(stamp, Optional.empty(), OptionalDouble.empty(), m.group(2), Optional.of("not a date: " + inner));
            }
        }
        m = ISO.matcher(raw);
        if (m.matches()) {
            String stamp = raw.substring(0, raw.length() - m.group(9).length() - 1);
            Optional<Instant> time;
            Optional<String> why = Optional.empty();
            try {
                String off = m.group(8);
                ZoneOffset zone = off.equals("Z") ? ZoneOffset.UTC
                        : ZoneOffset.of(off.length() == 5 ? off.substring(0, 3) + ":" + off.substring(3) : off);
                LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)), nanos(m.group(7)));
                time = Optional.of(t.toInstant(zone));
            } catch (DateTimeException e) {
                time = Optional.empty();
                why = Optional.of("not a date: " + stamp);
            }
            return tagged(stamp, time, m.group(9), clock, why, false);
        }
        m = SYSLOG.matcher(raw);
        if (m.matches()) {
            String stamp = raw.substring(0, raw.length() - m.group(7).length() - 1);
            Integer month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
            Optional<Instant> time = Optional.empty();
            Optional<String> why = Optional.empty();
            if (month == null) {
                why = Optional.of("the month '" + m.group(1) + "' is not known");
            } else if (clock.now().isEmpty()) {
                why = Optional.of("a syslog stamp has no year and the host's time is not known");
            } else {
                try {
                    time = Optional.of(yearless(month, m, clock.zone(), clock.now().get()));
                } catch (DateTimeException e) {
                    why = Optional.of("not a date: " + stamp);
                }
            }
            return tagged(stamp, time, m.group(7), clock, why, true);
        }
        return new Stamped("", Optional.empty(), OptionalDouble.empty(), raw, Optional.empty());
    }

    /** After a date stamp: {@code HOST kernel: [ 12.34] msg}, or (dmesg --time-format iso) the message itself. */
    private static Stamped tagged(String stamp, Optional<Instant> time, String rest, LogClock clock, Optional<String> why,
                                  boolean needTag) {
        Matcher t = TAG.matcher(rest);
        String msg = t.matches() ? t.group(2) : rest;
        if (!t.matches() && needTag) {
            // a syslog line of some other program: the message with its tag, for the operator
            msg = rest;
        }
        Matcher mono = MONO.matcher(msg);
        OptionalDouble up = OptionalDouble.empty();
        if (mono.matches()) {
            up = OptionalDouble.of(Double.parseDouble(mono.group(1) + "." + mono.group(2)));
            msg = mono.group(3);
        }
        return new Stamped(stamp, time, up, msg, why);
    }

    private static Stamped mono(String stamp, String secs, String frac, String msg, LogClock clock, Optional<String> why) {
        double up = Double.parseDouble(secs + "." + frac);
        Optional<Instant> time = clock.bootTime().map(b -> b.plusSeconds(Long.parseLong(secs)).plusNanos(nanos(frac)));
        return new Stamped(stamp, time, OptionalDouble.of(up), msg,
                time.isEmpty() ? Optional.of("a dmesg stamp counts seconds after boot and the boot time is not known") : why);
    }

    private static Instant yearless(int month, Matcher m, ZoneId zone, Instant now) {
        int year = now.atZone(zone).getYear();
        for (int y = year; y >= year - 1; y--) {
            try {
                LocalDateTime t = LocalDateTime.of(y, month, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), nanos(m.group(6)));
                Instant i = t.atZone(zone).toInstant();
                if (!i.isAfter(now.plusSeconds(86_400))) {
                    return i;
                }
            } catch (DateTimeException e) {
                if (y == year - 1) {
                    throw e;
                }
            }
        }
        throw new DateTimeException("in the future");
    }

    private static int nanos(String frac) {
        if (frac == null || frac.isEmpty()) {
            return 0;
        }
        String f = (frac + "000000000").substring(0, 9);
        return Integer.parseInt(f);
    }
}
