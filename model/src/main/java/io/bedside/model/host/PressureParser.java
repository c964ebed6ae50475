package io.bedside.model.host;

import io.bedside.model.probe.ParseProblem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a /proc/pressure file. Sample:
 * <pre>
 * some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * </pre>
 */
public final class PressureParser {
    private PressureParser() {
    }

    public static Optional<Pressure> parse(String source, List<String> lines, List<ParseProblem> problems) {
        Pressure.Stall some = null;
        Pressure.Stall full = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            Map<String, String> kv = new HashMap<>();
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq > 0) {
                    kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                }
            }
            Pressure.Stall stall;
            try {
                stall = new Pressure.Stall(num(kv, "avg10"), num(kv, "avg60"), num(kv, "avg300"),
                        Long.parseLong(req(kv, "total")));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(source, line, "Unrecognized pressure line: " + e.getMessage() + "."));
                continue;
            }
            switch (f[0]) {
                case "some" -> some = stall;
                case "full" -> full = stall;
                default -> problems.add(new ParseProblem(source, line, "Unrecognized pressure line kind '" + f[0] + "'."));
            }
        }
        if (some == null) {
            problems.add(new ParseProblem(source, "", "The pressure file has no 'some' line."));
            return Optional.empty();
        }
        return Optional.of(new Pressure(some, Optional.ofNullable(full)));
    }

    private static double num(Map<String, String> kv, String key) {
        return Double.parseDouble(req(kv, key));
    }

    private static String req(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }
}
