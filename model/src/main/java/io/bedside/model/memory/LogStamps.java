package io.bedside.model.memory;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a kernel log line into its time stamp and the kernel's message. Stamps understood:
 * <pre>
 * [ 2992.205443] msg                                   dmesg: seconds after boot
 * &lt;3&gt;[ 2992.205443] msg                                dmesg -r
 * [  244.945440][ T3106] msg                       dmesg of a kernel built with CONFIG_PRINTK_CALLER
 * [Mon Nov 23 16:30:09 2026] msg                       dmesg -T (also de_DE "[Mo Nov 23 ...]", zh_CN "[一 11月 23 ...]")
 * [dt. de gen.  6 19:32:55 2026] msg                   dmesg -T in a locale whose month is two words (ca_ES; vi_VN "Thg 1")
 * 2026-11-23T16:30:09,205443+00:00 msg                 dmesg --time-format iso
 * 2026-11-23T16:30:23+0000 vm kernel: msg              journalctl -o short-iso (and short-iso-precise, rsyslog RFC 3339)
 * Nov 23 16:30:23.205443 vm kernel: msg                journalctl -o short-precise, -o short, classic syslog files
 * Nov 23 16:30:09 vm kernel: [ 2992.205443] msg       syslog with the kernel's own stamp kept
 * Sep  8 06:22:08 kernel: msg                          syslog without a host name (Amazon Linux on EKS)
 * июл 24 01:20:00 PC kernel: msg                       journalctl in another language (month words: {@link #MONTHS})
 * Sat Jan 25 09:40:15 2020 kern.err kernel: [ 1.2] msg OpenWrt logread
 * </pre>
 * A line without a stamp is all message. A stamp that cannot be placed in time (a month word in no
 * known language, a bracketed date in a form not known, no boot time for a dmesg stamp) leaves the
 * time empty; the stamp text is kept and the rest of the line is read as usual, so an unknown
 * language never loses a kill.
 */
final class LogStamps {
    private static final Pattern MONO = Pattern.compile(
            "^(?:<\\d{1,3}>)?\\[\\s*(\\d{1,10})\\.(\\d{1,9})\\](?:\\[\\s*[TC]\\d{1,10}\\])? ?(.*)$", Pattern.DOTALL);
    private static final Pattern BRACKET = Pattern.compile("^\\[([^\\]\\[]{1,64})\\] ?(.*)$", Pattern.DOTALL);
    /** A month or weekday word in any language: letters of any script, perhaps ending in a dot ("déc.", "июл", "Okt"). */
    private static final String WORD = "\\p{L}[\\p{L}\\p{M}]{0,11}\\.?";
    private static final String MONTH = "(?:" + WORD + "|\\d{1,2}\\p{L})";   // "11月", "11월"
    /**
     * dmesg -T's {@code strftime("%a %b %e %H:%M:%S %Y")}: the weekday is the first word; the month is
     * everything up to the day, since some locales print it in two words ("de gen." ca_ES, "Thg 1" vi_VN).
     */
    private static final Pattern CTIME = Pattern.compile(
            "^(\\S+)\\s+(\\S.{0,23}?)\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(\\d{4})$");
    /** Some time of day inside brackets: a dmesg -T date in a layout Bedside does not know is still a stamp. */
    private static final Pattern CLOCKISH = Pattern.compile(".*\\d:\\d\\d.*");
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2}) (.*)$", Pattern.DOTALL);
    private static final Pattern SYSLOG = Pattern.compile(
            "^(" + MONTH + ") {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? (.*)$", Pattern.DOTALL);
    /** OpenWrt's logread: {@code Sat Jan 25 09:40:15 2020 kern.err kernel: [22042.602270] msg}. */
    private static final Pattern CTIME_LINE = Pattern.compile(
            "^(" + WORD + ") (" + MONTH + ") {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4}) (.*)$", Pattern.DOTALL);
    /** The syslog tag of a kernel line, with the host name before it (syslog, journalctl) or without (some distributions). */
    private static final Pattern TAG = Pattern.compile("^(?:(\\S+) )?kernel: ?(.*)$", Pattern.DOTALL);
    /**
     * Month words (lower case, without a final dot) to month numbers: the abbreviations glibc's
     * {@code %b} prints in these locales (what {@code dmesg -T} and {@code journalctl} show), a few
     * other common spellings, and "N月"/"N월". A word two languages read as different months is not
     * looked up: it is placed only by the weekday beside it, when the row gives its language's weekday
     * words ({@code " / "} then Sunday to Saturday) and the weekday fits one reading; otherwise never
     * guessed. Written out rather than asked of the JDK: loading 19 locales costs half a second.
     */
    private static final String[] ABBREVIATIONS = {
            "jan feb mar apr may jun jul aug sep oct nov dec",                  // en, C
            "jan feb mär apr mai jun jul aug sep okt nov dez",                  // de_DE
            "janv févr mars avril mai juin juil août sept oct nov déc",         // fr_FR
            "janv févr mars avr mai juin juil août sept oct nov déc",           // fr (CLDR)
            "ene feb mar abr may jun jul ago sep oct nov dic",                  // es_ES
            "ene feb mar abr may jun jul ago sept oct nov dic",                 // es (CLDR)
            "gen feb mar apr mag giu lug ago set ott nov dic",                  // it_IT
            "jan fev mar abr mai jun jul ago set out nov dez",                  // pt_PT, pt_BR
            "jan feb mrt apr mei jun jul aug sep okt nov dec",                  // nl_NL
            "янв фев мар апр мая июн июл авг сен окт ноя дек",                  // ru_RU
            "янв февр мар апр мая июн июл авг сент окт нояб дек",               // ru (CLDR)
            "січ лют бер кві тра чер лип сер вер жов лис гру",                  // uk_UA
            "sty lut mar kwi maj cze lip sie wrz paź lis gru / nie pon wto śro czw pią sob", // pl_PL
            "led úno bře dub kvě čen čec srp zář říj lis pro / ne po út st čt pá so",        // cs_CZ
            "jan feb mar apr maj jun jul aug sep okt nov dec",                  // sv_SE, da_DK
            "jan feb mar apr mai jun jul aug sep okt nov des",                  // nb_NO
            "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu", // fi_FI
            "oca şub mar nis may haz tem ağu eyl eki kas ara",                  // tr_TR
            "jan febr márc ápr máj jún júl aug szept okt nov dec",              // hu_HU
            "ian feb mar apr mai iun iul aug sept oct nov dec",                 // ro_RO
            "ιαν φεβ μάρ απρ μάι ιούν ιούλ αύγ σεπ οκτ νοέ δεκ",                // el_GR
            "january february march april may june july august september october november december",
            // glibc 2.36's %b where it differs from the rows above (LC_ALL=xx date +%b; "|" where a word holds a blank)
            "jän feb mär apr mai jun jul aug sep okt nov dez",                  // de_AT
            "jan feb mars april mai juni juli aug sep okt nov des",             // nb_NO (glibc)
            "ιαν φεβ μαρ απρ μαΐ ιουν ιουλ αυγ σεπ οκτ νοε δεκ",                // el_GR
            "de gen.|de febr.|de març|d’abr.|de maig|de juny|de jul.|d’ag.|de set.|d’oct.|de nov.|de des.", // ca_ES
            "Thg 1|Thg 2|Thg 3|Thg 4|Thg 5|Thg 6|Thg 7|Thg 8|Thg 9|Thg 10|Thg 11|Thg 12",              // vi_VN
            "saus vas kov bal geg birž liep rugp rugs spal lapkr gruod",       // lt_LT
            "jan feb mar apr mai jūn jūl aug sep okt nov dec",                  // lv_LV
            "jaan veebr märts apr mai juuni juuli aug sept okt nov dets",       // et_EE
            "jan feb mar apr máj jún júl aug sep okt nov dec",                  // sk_SK
            "jan feb mar apr maj jun jul avg sep okt nov dec",                  // sl_SI
            "яну фев мар апр май юни юли авг сеп окт ное дек",                  // bg_BG
            "jan feb mar apr mei jun jul agu sep okt nov des",                  // id_ID
            "jan fév mar avr mai jun jui aoû sep oct nov déc",                  // fr_CA
            "urt ots mar api mai eka uzt abu ira urr aza abe",                  // eu_ES
            "ean feabh márta aib beal meith iúil lún mfómh dfómh samh noll",    // ga_IE
            "ינו פבר מרץ אפר מאי יונ יול אוג ספט אוק נוב דצמ",                  // he_IL
            "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",     // th_TH
            "जन॰ फ़र॰ मार्च अप्रैल मई जून जुल॰ अग॰ सित॰ अक्तू॰ नव॰ दिस॰",             // hi_IN
            "ينا فبر مار أبر ماي يون يول أغس سبت أكت نوف ديس",                  // ar_EG
            "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اكتبر نوامبر دسامبر", // fa_IR
            // hr_HR: "lis" (October), "srp" (July) and "lip" (June) are other months in pl_PL/cs_CZ; the weekday tells
            "sij velj ožu tra svi lip srp kol ruj lis stu pro / ned pon uto sri čet pet sub", // hr_HR
    };

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    static final Map<String, Integer> MONTHS;
    /**
     * A month word two languages read as different months, with each reading and that language's
     * weekday words (Sunday first; none when the row gives none): a date stamp that carries its
     * weekday is placed when the weekday fits one reading only.
     */
    private static final Map<String, List<Reading>> AMBIGUOUS;

    private record Reading(int month, List<String> weekdays) {
    }

    static {
        Map<String, Integer> m = new HashMap<>();
        Set<String> clash = new HashSet<>();
        Map<String, List<Reading>> readings = new HashMap<>();
        for (String row : ABBREVIATIONS) {
            String[] parts = row.split(" / ", 2);
            String[] names = parts[0].split(parts[0].contains("|") ? "\\|" : " ");
            List<String> weekdays = parts.length == 2 ? Arrays.stream(parts[1].split(" ")).map(LogStamps::key).toList() : List.of();
            for (int i = 0; i < 12; i++) {
                put(m, clash, names[i], i + 1);
                readings.computeIfAbsent(key(names[i]), k -> new ArrayList<>()).add(new Reading(i + 1, weekdays));
            }
        }
        for (int i = 1; i <= 12; i++) {
            put(m, clash, i + "月", i);   // zh_CN, zh_TW, ja_JP
            put(m, clash, i + "월", i);   // ko_KR
        }
        clash.forEach(m::remove);
        readings.keySet().retainAll(clash);
        MONTHS = Map.copyOf(m);
        AMBIGUOUS = Map.copyOf(readings);
    }

    /**
     * The month of a date stamp with its weekday: the one known reading of the month word, or, for
     * a word languages disagree on, the one reading whose language names that date's weekday so.
     */
    static Optional<Integer> month(String monthWord, String weekdayWord, int year, int day) {
        String k = key(monthWord);
        Integer known = MONTHS.get(k);
        if (known != null) {
            return Optional.of(known);
        }
        List<Reading> readings = AMBIGUOUS.getOrDefault(k, List.of());
        if (readings.isEmpty() || readings.stream().anyMatch(r -> r.weekdays().size() != 7)) {
            return Optional.empty();
        }
        String w = key(weekdayWord);
        Set<Integer> fits = new HashSet<>();
        for (Reading r : readings) {
            try {
                int dow = LocalDate.of(year, r.month(), day).getDayOfWeek().getValue() % 7;   // Sunday 0
                if (r.weekdays().get(dow).equals(w)) {
                    fits.add(r.month());
                }
            } catch (DateTimeException e) {
                // no such day in that month: not this reading
            }
        }
        return fits.size() == 1 ? Optional.of(fits.iterator().next()) : Optional.empty();
    }

    private static void put(Map<String, Integer> m, Set<String> clash, String name, int month) {
        String k = key(name);
        if (k.isEmpty()) {
            return;
        }
        Integer was = m.putIfAbsent(k, month);
        if (was != null && was != month) {
            clash.add(k);
        }
    }

    /** A month word as looked up: lower case, without blanks ("Thg 1", "de gen.", "jaan ") or a final dot. */
    static String key(String word) {
        String k = BLANKS.matcher(word).replaceAll("").toLowerCase(Locale.ROOT);
        return k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
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
                if (CLOCKISH.matcher(inner).matches()) {
                    return tagged(stamp, Optional.empty(), m.group(2), clock,
                            Optional.of("a bracketed time stamp in a form Bedside does not know"), null);
                }
                return new Stamped("", Optional.empty(), OptionalDouble.empty(), raw, Optional.empty());
            }
            Integer month = month(c.group(2), c.group(1), Integer.parseInt(c.group(7)), Integer.parseInt(c.group(3))).orElse(null);
            if (month == null) {
                return tagged(stamp, Optional.empty(), m.group(2), clock,
                        Optional.of("the month '" + c.group(2) + "' of a dmesg -T date is in a language Bedside does not know"), null);
            }
            try {
                LocalDateTime t = LocalDateTime.of(Integer.parseInt(c.group(7)), month, Integer.parseInt(c.group(3)),
                        Integer.parseInt(c.group(4)), Integer.parseInt(c.group(5)), Integer.parseInt(c.group(6)));
                return tagged(stamp, Optional.of(t.atZone(clock.zone()).toInstant()), m.group(2), clock, Optional.empty(), null);
            } catch (DateTimeException e) {
                return tagged(stamp, Optional.empty(), m.group(2), clock, Optional.of("not a date: " + inner), null);
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
        m = CTIME_LINE.matcher(raw);
        if (m.matches()) {
            String stamp = raw.substring(0, raw.length() - m.group(8).length() - 1);
            Integer month = month(m.group(2), m.group(1), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(3))).orElse(null);
            Optional<Instant> time = Optional.empty();
            Optional<String> why = Optional.empty();
            if (month == null) {
                why = Optional.of("the month '" + m.group(2) + "' is not known");
            } else {
                try {
                    LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(7)), month, Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
                    time = Optional.of(t.atZone(clock.zone()).toInstant());
                } catch (DateTimeException e) {
                    why = Optional.of("not a date: " + stamp);
                }
            }
            return tagged(stamp, time, m.group(8), clock, why, true);
        }
        m = SYSLOG.matcher(raw);
        if (m.matches()) {
            String stamp = raw.substring(0, raw.length() - m.group(7).length() - 1);
            Integer month = MONTHS.get(key(m.group(1)));
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

    /**
     * After a date stamp: {@code HOST kernel: [ 12.34] msg}, or (dmesg --time-format iso) the message itself.
     *
     * @param needTag true: a syslog line (the tag is looked for; a line of another program keeps its
     *                tag); false: the tag may be there; null: dmesg -T, no tag is looked for (a name
     *                in the message that reads "x kernel:" stays in the message)
     */
    private static Stamped tagged(String stamp, Optional<Instant> time, String rest, LogClock clock, Optional<String> why,
                                  Boolean needTag) {
        String msg = rest;
        if (needTag != null) {
            Matcher t = TAG.matcher(rest);
            if (t.matches()) {
                msg = t.group(2);
            }
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
