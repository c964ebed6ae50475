package io.bedside.app.report;

import io.bedside.model.probe.ProbeScriptAssembly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret-masking rules of {@code secret-rules.txt} (their meaning is written there) and the
 * masking they drive, word for word the one the probe's awk does on the host ({@code maskcmd} and
 * {@code words} in probe.sh): the same rules give the same result, which the corpus test
 * (SecretCorpusTest) checks on both. The probe sees a command line's arguments; a report sees
 * them joined by spaces, so here an option's value is the next word, where the probe takes the
 * whole next argument.
 */
final class SecretRules {
    private static final Pattern NAME_CHARS = Pattern.compile("^[a-z0-9_.-]+$");
    private static final Pattern HEADER_NAME = Pattern.compile("^[a-z][a-z0-9_.-]*$");
    private static final Pattern USER_CHARS = Pattern.compile("^[a-z0-9_-]+$");
    private static final Pattern AFTER_SEPARATOR = Pattern.compile("[,;&?=][A-Za-z0-9_.-]+=");
    private static final Pattern VALUE_END = Pattern.compile("[,;&]");
    private static final Pattern PATH_START = Pattern.compile("[/?#]");

    private record ProgramRule(int group, String option, String kind) {
    }

    private final Pattern name;
    private final Pattern option;
    private final Pattern notName;
    private final Pattern header;
    private final Pattern scheme;
    private final Pattern urlUser;
    private final int urlUserLength;
    private final Pattern program;
    private final List<Pattern> groups = new ArrayList<>();
    private final Set<Integer> stops = new HashSet<>();
    private final List<ProgramRule> rules = new ArrayList<>();

    private SecretRules(String text) {
        StringBuilder n = new StringBuilder(), o = new StringBuilder(), nn = new StringBuilder(), h = new StringBuilder(),
                s = new StringBuilder(), u = new StringBuilder(), p = new StringBuilder();
        List<String> groupText = new ArrayList<>();
        int len = 0;
        for (String line : ProbeScriptAssembly.ruleLines(text)) {
            String[] f = line.split("[ \t]+");
            if (f.length < 2) {
                continue;
            }
            switch (f[0]) {
                case "name" -> add(n, f[1]);
                case "option" -> add(o, f[1]);
                case "not-name" -> add(nn, f[1]);
                case "header" -> add(h, f[1]);
                case "scheme" -> add(s, f[1]);
                case "url-user" -> add(u, f[1]);
                case "url-user-length" -> len = Integer.parseInt(f[1]);
                case "program" -> {
                    if (f.length < 4) {
                        throw new IllegalArgumentException("A program rule needs a pattern, an option and a kind: " + line);
                    }
                    int g = groupText.indexOf(f[1]);
                    if (g < 0) {
                        groupText.add(f[1]);
                        groups.add(Pattern.compile(f[1]));
                        add(p, f[1]);
                        g = groupText.size() - 1;
                    }
                    rules.add(new ProgramRule(g + 1, f[2], f[3]));
                    if (f[3].equals("stop")) {
                        stops.add(g + 1);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown secret rule: " + line);
            }
        }
        name = compile(n);
        option = compile(o);
        notName = compile(nn);
        header = compile(h);
        scheme = compile(s);
        urlUser = compile(u);
        urlUserLength = len;
        program = compile(p);
        if (name == null) {
            throw new IllegalArgumentException("The secret rules name no secret (no name rule).");
        }
    }

    /** The rules of a secret-rules.txt text. */
    static SecretRules parse(String text) {
        return new SecretRules(text);
    }

    private static void add(StringBuilder b, String re) {
        b.append(b.isEmpty() ? "" : "|").append('(').append(re).append(')');
    }

    private static Pattern compile(StringBuilder b) {
        return b.isEmpty() ? null : Pattern.compile(b.toString());
    }

    private static boolean m(String s, Pattern p) {
        return p != null && p.matcher(s).find();
    }

    /** ASCII lower case, as awk's tolower under LC_ALL=C. */
    private static String lower(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, (char) (c + 32));
            }
        }
        return b == null ? s : b.toString();
    }

    /** A command line's arguments as the probe masks them; {@code cut}: the last one was cut short. */
    String maskArguments(List<String> arguments, boolean cut) {
        return new Masker().arguments(arguments, cut);
    }

    /** Text that holds one command line, its arguments joined by spaces. */
    String maskWords(String text) {
        Masker k = new Masker();
        return k.words(text, false, 0);
    }

    /** One masking pass, with the state the awk keeps in globals. */
    private final class Masker {
        private int mode;
        private int nx;
        private int operands;
        private String flags = "";

        String arguments(List<String> av, boolean cut) {
            StringBuilder o = new StringBuilder();
            int pend = 0;
            for (int i = 0; i < av.size(); i++) {
                String a = av.get(i).replaceAll("[\t\r\n]", " ");
                if (pend == 1) {
                    a = a.isEmpty() ? a : "***";
                    nx = 0;
                } else if (pend == 2) {
                    a = colon(a);
                    nx = 0;
                } else if (pend == 3) {
                    a = percent(a);
                    nx = 0;
                } else if (pend == 6) {
                    a = comma(a);
                    nx = 0;
                } else {
                    a = words(a, cut && i == av.size() - 1, pend);
                }
                pend = nx;
                o.append(i > 0 ? " " : "").append(a);
            }
            return o.toString();
        }

        String words(String a, boolean last, int wp) {
            StringBuilder o = new StringBuilder();
            while (true) {
                int sp = a.indexOf(' ');
                String w = sp >= 0 ? a.substring(0, sp) : a;
                if (!w.isEmpty()) {
                    char e = w.charAt(w.length() - 1);
                    boolean end = e == ';' || e == '|' || e == '&';
                    if (wp == 1) {
                        w = "***";
                        nx = 0;
                    } else if (wp == 2) {
                        w = colon(w);
                        nx = 0;
                    } else if (wp == 3) {
                        w = percent(w);
                        nx = 0;
                    } else if (wp == 6) {
                        w = comma(w);
                        nx = 0;
                    } else if (wp == 9) {
                        nx = 0;
                    } else if (wp == 4 && m(lower(w), scheme)) {
                        nx = 5;
                    } else if (wp == 4 || wp == 5) {
                        nx = wp == 4 && w.endsWith(";") ? 4 : 0;
                        w = "***";
                    } else {
                        w = word(w, last && sp < 0);
                    }
                    wp = nx;
                    if (end) {
                        mode = 0;
                    }
                }
                o.append(w);
                if (sp < 0) {
                    break;
                }
                o.append(' ');
                a = a.substring(sp + 1);
            }
            nx = wp;
            return o.toString();
        }

        private String word(String t, boolean last) {
            nx = 0;
            if (t.isEmpty()) {
                return t;
            }
            String l = lower(t);
            String b = unquote(l);
            b = b.substring(b.lastIndexOf('/') + 1);
            if (m(b, program)) {
                int i = 0;
                while (i < groups.size() && !groups.get(i).matcher(b).find()) {
                    i++;
                }
                mode = i + 1;
                operands = 0;
                flags = "";
                return t;
            }
            if (mode != 0) {
                for (ProgramRule r : rules) {
                    if (r.group() != mode || r.kind().equals("stop") || r.kind().startsWith("operand=")) {
                        continue;
                    }
                    String o = r.option();
                    String k = r.kind();
                    if (t.equals(o)) {
                        nx = switch (k) {
                            case "value" -> 1;
                            case "user-colon" -> 2;
                            case "user-percent" -> 3;
                            case "user-comma" -> 6;
                            case "argument" -> 9;
                            default -> 0;
                        };
                        return t;
                    }
                    if (k.equals("argument")) {
                        continue;
                    }
                    if (t.startsWith(o + "=")) {
                        return o + "=" + value(k, t.substring(o.length() + 1));
                    }
                    if (o.length() == 2 && t.length() > 2 && t.startsWith(o)) {
                        return o + value(k, t.substring(2));
                    }
                }
                if (t.startsWith("-") && !t.startsWith("--")) {
                    flags += t.substring(1);
                } else if (!t.startsWith("-")) {
                    operands++;
                    for (ProgramRule r : rules) {
                        if (r.group() == mode && r.kind().startsWith("operand=")
                                && operands == Integer.parseInt(r.kind().substring(8)) && hasFlags(r.option())) {
                            return "***";
                        }
                    }
                    if (stops.contains(mode)) {
                        mode = 0;
                    }
                }
            }
            int e = t.indexOf('=');
            if (e > 0) {
                String n = l.substring(0, e);
                String p = n.replaceFirst("^-+", "");
                if (NAME_CHARS.matcher(p).find() && secret(p, !p.equals(n))) {
                    return t.substring(0, e + 1) + "***";
                }
            } else if (e < 0 && t.startsWith("-")) {
                String p = l.replaceFirst("^-+", "");
                if (!p.isEmpty() && secret(p, true)) {
                    nx = 1;
                }
                return t;
            }
            StringBuilder r = new StringBuilder();
            Matcher sep = AFTER_SEPARATOR.matcher(t);
            while (sep.find()) {
                String n = lower(t.substring(sep.start() + 1, sep.end() - 1));
                r.append(t, 0, sep.end());
                t = t.substring(sep.end());
                if (secret(n, false)) {
                    r.append("***");
                    Matcher v = VALUE_END.matcher(t);
                    t = v.find() ? t.substring(v.start()) : "";
                }
                sep = AFTER_SEPARATOR.matcher(t);
            }
            t = r + t;
            r.setLength(0);
            int q;
            while ((q = t.indexOf("://")) >= 0) {
                r.append(t, 0, q + 3);
                t = t.substring(q + 3);
                String a = t;
                Matcher ps = PATH_START.matcher(a);
                if (ps.find()) {
                    a = a.substring(0, ps.start());
                }
                int at = a.lastIndexOf('@') + 1;
                if (at > 0) {
                    int x = t.substring(0, at).indexOf(':');
                    if (x >= 0) {
                        r.append(t, 0, x + 1).append("***@");
                        t = t.substring(at);
                    } else if (urlUserIsToken(lower(t.substring(0, at - 1)))) {
                        r.append("***@");
                        t = t.substring(at);
                    }
                } else if (last && a.equals(t) && t.indexOf(':') >= 0) {
                    r.append(t, 0, t.indexOf(':') + 1).append("***");
                    t = "";
                }
            }
            t = r + t;
            int x = t.indexOf(':');
            if (x > 0 && !t.startsWith("//", x + 1)) {
                String n = unquote(lower(t.substring(0, x)).replaceFirst("^.*=", ""));
                if (HEADER_NAME.matcher(n).find() && (m(n, header) || secret(n, true))) {
                    if (x == t.length() - 1) {
                        nx = 4;
                        return t;
                    }
                    return t.substring(0, x + 1) + "***";
                }
            }
            return t;
        }

        private boolean hasFlags(String o) {
            for (int i = 1; i < o.length(); i++) {
                if (flags.indexOf(o.charAt(i)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private boolean secret(String n, boolean dash) {
        if (m(n, notName)) {
            return false;
        }
        return m(n, name) || (dash && m(n, option));
    }

    private boolean urlUserIsToken(String u) {
        return m(u, urlUser) || (urlUserLength > 0 && u.length() >= urlUserLength && USER_CHARS.matcher(u).find());
    }

    private static String value(String kind, String v) {
        return switch (kind) {
            case "user-colon" -> colon(v);
            case "user-percent" -> percent(v);
            case "user-comma" -> comma(v);
            default -> "***";
        };
    }

    private static String colon(String s) {
        int x = s.indexOf(':');
        return x >= 0 ? s.substring(0, x + 1) + "***" : s;
    }

    private static String comma(String s) {
        int x = s.indexOf(',');
        return x >= 0 ? s.substring(0, x + 1) + "***" : s;
    }

    private static String percent(String s) {
        int x = s.indexOf('%');
        return x >= 0 ? s.substring(0, x + 1) + "***" : s;
    }

    private static String unquote(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
            i++;
        }
        return s.substring(i);
    }
}
