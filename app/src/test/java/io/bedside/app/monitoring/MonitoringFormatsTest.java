package io.bedside.app.monitoring;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Metric;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring formats of {@code diagnose}: a monitoring plugin's output (Icinga 2, Nagios) and
 * OpenMetrics, on a real capture of seed 004 (the CLOSE_WAIT pile behind a blocked pipe), and on
 * the same capture with the culprit renamed by a hostile process to forge a status line and
 * performance data.
 */
class MonitoringFormatsTest {
    /** Captured in the lab as root (see model/src/test/resources/fixtures/sockets/README.md). */
    private static final Path T1 = Path.of("../model/src/test/resources/fixtures/sockets/probe-lab-closewait-pipe-root-t1.txt");

    /** The monitoring plugins' performance data: 'label'=value[UOM];[warn];[crit];[min];[max]. */
    private static final Pattern PERF = Pattern.compile(
            "([a-z][a-z0-9_]*)=(-?[0-9.]+)(%|B|s|c)?(?:;([0-9.]*)(?:;([0-9.]*)(?:;([0-9.]*)(?:;([0-9.]*))?)?)?)?");

    private static Sample sample(String text) {
        return Playbooks.parser().parse("lab-sockdev", Instant.parse("2026-11-20T10:00:00Z"), text, 12);
    }

    private static String capture() throws Exception {
        return Files.readString(T1, StandardCharsets.UTF_8);
    }

    private static PluginOutput.Check check(Sample s, Thresholds t) {
        List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
        return PluginOutput.of("lab-sockdev", s, findings, Diagnosis.exitStatus(findings), "", Playbooks.metrics(), t);
    }

    /** Every performance datum of {@code firstLine}; fails on anything that is not one. */
    private static Map<String, Matcher> perf(String firstLine) {
        int bar = firstLine.indexOf(" | ");
        assertTrue(bar > 0, firstLine);
        assertEquals(bar, firstLine.lastIndexOf('|') - 1, "one | only: " + firstLine);
        Map<String, Matcher> out = new java.util.LinkedHashMap<>();
        for (String p : firstLine.substring(bar + 3).split(" ")) {
            Matcher m = PERF.matcher(p);
            assertTrue(m.matches(), "not performance data: '" + p + "' in " + firstLine);
            assertTrue(out.put(m.group(1), m) == null, "twice: " + m.group(1));
        }
        return out;
    }

    @Test
    void theCheckIsCriticalNamesTheCulpritAndCarriesEveryMetricItRead() throws Exception {
        Sample s = sample(capture());
        PluginOutput.Check c = check(s, Thresholds.none());
        List<String> lines = c.text().lines().toList();
        assertEquals(2, c.status(), c.text());
        assertTrue(lines.get(0).startsWith("BEDSIDE CRITICAL - "), lines.get(0));
        assertTrue(lines.get(0).contains("python3"), "the headline names the culprit: " + lines.get(0));
        Map<String, Matcher> perf = perf(lines.get(0));
        assertEquals("205", perf.get("sockets_tcp_close_wait").group(2), lines.get(0));
        assertTrue(perf.get("ipc_sem_arrays").group(7) != null, "the limit is the maximum: " + lines.get(0));
        // the long output: one line per finding, the worst first
        assertTrue(lines.size() >= 2, c.text());
        assertTrue(lines.get(1).startsWith("[CRITICAL] "), lines.get(1));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.matches("\\[(CRITICAL|WARNING|INFO)] [a-z.-]+: .*")), c.text());
        assertFalse(c.text().substring(lines.get(0).length()).contains("|"), "performance data only on the first line");
    }

    @Test
    void aHostileProcessNameForgesNoStatusLineAndNoPerformanceData() throws Exception {
        // the probe sends a newline in a name as \x0a (bs_encawk); the parser turns it back into a newline
        String hostile = capture().replace("python3", "py\\x0aBEDSIDE\\x20OK\\x20-\\x20fine|forged=1;2;3;0;4");
        Sample s = sample(hostile);
        PluginOutput.Check c = check(s, Thresholds.none());
        List<String> lines = c.text().lines().toList();
        assertEquals(2, c.status(), c.text());
        assertTrue(lines.get(0).startsWith("BEDSIDE CRITICAL - "), lines.get(0));
        assertTrue(lines.stream().skip(1).noneMatch(l -> l.startsWith("BEDSIDE")), c.text());
        assertFalse(perf(lines.get(0)).containsKey("forged"), lines.get(0));
        assertTrue(c.text().contains("py\\x0aBEDSIDE OK - fine\\x7cforged=1;2;3;0;4"), c.text());
        // and no label can be closed or added in OpenMetrics
        String om = MetricsOutput.of("db\"07\\\n", Optional.of(s), new Diagnosis(Playbooks.allRules()).run(s, List.of(s)), 2,
                Playbooks.metrics());
        Pattern series = Pattern.compile("bedside_[a-z0-9_]+\\{host=\"((?:[^\"\\\\]|\\\\.)*)\"(,[a-z]+=\"(?:[^\"\\\\]|\\\\.)*\")*} -?[0-9.]+");
        int seriesLines = 0;
        for (String l : om.lines().toList()) {
            if (!l.startsWith("#")) {
                Matcher m = series.matcher(l);
                assertTrue(m.matches(), l);
                // unescaped as Prometheus reads it: the host's name shown visibly, on one line
                assertEquals("db\"07\\\\\\x0a", m.group(1).replaceAll("\\\\(.)", "$1"), l);
                seriesLines++;
            }
        }
        assertTrue(seriesLines > 10, om);
    }

    @Test
    void thresholdsRaiseTheStatusAndShowInThePerformanceData() throws Exception {
        Sample s = sample(capture());
        Thresholds t = Thresholds.parse(Map.of("ipc_sem_arrays", "0"), Map.of("sockets_tcp_close_wait", "200"), Playbooks.metrics());
        PluginOutput.Check c = check(s, t);
        assertTrue(c.text().contains("[CRITICAL] sockets_tcp_close_wait is 205, above the critical threshold 200"), c.text());
        Map<String, Matcher> perf = perf(c.text().lines().findFirst().orElseThrow());
        assertEquals("200", perf.get("sockets_tcp_close_wait").group(5));
        assertEquals("0", perf.get("ipc_sem_arrays").group(4));

        // a percentage of the limit: SEMMNI in this capture
        Metric arrays = Playbooks.metrics().stream().filter(m -> m.name().equals("ipc_sem_arrays")).findFirst().orElseThrow();
        double semmni = arrays.max().orElseThrow().apply(s).orElseThrow();
        Thresholds pct = Thresholds.parse(Map.of("ipc_sem_arrays", "50%"), Map.of(), Playbooks.metrics());
        Map<String, Matcher> p2 = perf(check(s, pct).text().lines().findFirst().orElseThrow());
        assertEquals(semmni / 2, Double.parseDouble(p2.get("ipc_sem_arrays").group(4)), 1e-6);
    }

    @Test
    void aThresholdThatCannotBeCheckedIsOneSentence() {
        List<Metric> all = Playbooks.metrics();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Thresholds.parse(Map.of("sem_arrays", "3"), Map.of(), all));
        assertTrue(unknown.getMessage().startsWith("--warning names no metric 'sem_arrays'; the metrics are: ipc_sem_arrays,"), unknown.getMessage());
        IllegalArgumentException noLimit = assertThrows(IllegalArgumentException.class,
                () -> Thresholds.parse(Map.of(), Map.of("sockets_tcp_close_wait", "90%"), all));
        assertEquals("--critical sockets_tcp_close_wait=90%: sockets_tcp_close_wait has no limit to take a percentage of; give a number.",
                noLimit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse(Map.of("ipc_sem_arrays", "NaN"), Map.of(), all));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse(Map.of("ipc_sem_arrays", "-1"), Map.of(), all));
    }

    @Test
    void metricNamesAreUniqueAndFitBothFormats() {
        Set<String> seen = new HashSet<>();
        for (Metric m : Playbooks.metrics()) {
            assertTrue(seen.add(m.name()), "twice: " + m.name());
            assertTrue(m.name().matches("[a-z][a-z0-9_]*"), m.name());
            assertTrue(List.of("", "%", "B").contains(m.unit()), m.name() + " " + m.unit());
        }
        assertTrue(seen.contains("ipc_sem_arrays") && seen.contains("ipc_sem_arrays_semmni") && seen.contains("memory_pressure_some"), seen.toString());
    }

    @Test
    void aSampleThatCouldNotBeTakenIsUnknownWithItsReason() {
        PluginOutput.Check c = PluginOutput.unknown("db-07", "Connection refused by db-07:22 | x=1");
        assertEquals(3, c.status());
        assertEquals("BEDSIDE UNKNOWN - db-07: Connection refused by db-07:22 \\x7c x=1\n", c.text());
        String om = MetricsOutput.of("db-07", Optional.empty(), List.of(), 3, Playbooks.metrics());
        assertTrue(om.contains("\nbedside_up{host=\"db-07\"} 0\n"), om);
        assertTrue(om.contains("\nbedside_status{host=\"db-07\"} 3\n"), om);
        assertFalse(om.contains("bedside_ipc_sem_arrays"), "no metric is written as 0 when none was read: " + om);
        assertTrue(om.endsWith("# EOF\n"), om);
    }

    /** A sweep's exposition: every family once, a series per host; a hostile inventory name stays one label. */
    @Test
    void aSweepWritesEachFamilyOnceWithOneSeriesPerHost() throws Exception {
        Sample s = sample(capture());
        List<Finding> findings = new Diagnosis(Playbooks.allRules()).run(s, List.of(s));
        String om = MetricsOutput.of(List.of(
                new MetricsOutput.Host("db-01", Optional.of(s), findings, 2),
                new MetricsOutput.Host("db-02\"} 1\nforged_total 7\n", Optional.empty(), List.of(), 3),
                new MetricsOutput.Host("db-03", Optional.of(s), findings, 2)), Playbooks.metrics());
        List<String> types = om.lines().filter(l -> l.startsWith("# TYPE ")).toList();
        assertEquals(types.size(), types.stream().distinct().count(), om);
        assertEquals(List.of("bedside_up{host=\"db-01\"} 1", "bedside_up{host=\"db-02\\\"} 1\\\\x0aforged_total 7\\\\x0a\"} 0",
                "bedside_up{host=\"db-03\"} 1"), om.lines().filter(l -> l.startsWith("bedside_up{")).toList());
        assertTrue(om.lines().noneMatch(l -> l.startsWith("forged")), om);
        // a host that was not sampled has no measures: the series of a metric are db-01's and db-03's only
        String first = Playbooks.metrics().stream().filter(m -> m.value().apply(s).isPresent()).findFirst().orElseThrow().name();
        List<String> series = om.lines().filter(l -> l.matches("bedside_" + first + "(_bytes|_percent)?\\{.*")).toList();
        assertEquals(2, series.size(), om);
        assertTrue(series.get(0).contains("host=\"db-01\"") && series.get(1).contains("host=\"db-03\""), series.toString());
        assertEquals(1, om.lines().filter(l -> l.equals("# EOF")).count());
    }

    /** Prometheus's own linter on the exposition of every bundled demo (CI installs promtool). */
    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Optional<Path> promtool = Engines.find("promtool", "prometheus");
        if (promtool.isEmpty()) {
            return;
        }
        Sample s = sample(capture());
        String om = MetricsOutput.of("lab-sockdev", Optional.of(s), new Diagnosis(Playbooks.allRules()).run(s, List.of(s)), 2,
                Playbooks.metrics());
        Engines.Run r = Engines.run(List.of(promtool.get().toString(), "check", "metrics"), om);
        assertEquals(0, r.exit(), r.output() + "\n" + om);
        // a sweep's exposition: two hosts, one not sampled; each family once, promtool accepts it
        String two = MetricsOutput.of(List.of(
                new MetricsOutput.Host("db-01", Optional.of(s), new Diagnosis(Playbooks.allRules()).run(s, List.of(s)), 2),
                new MetricsOutput.Host("db-02\"} 1\nforged{x=\"", Optional.empty(), List.of(), 3)), Playbooks.metrics());
        r = Engines.run(List.of(promtool.get().toString(), "check", "metrics"), two);
        assertEquals(0, r.exit(), r.output() + "\n" + two);
        // the linter is not blind: a camel-case name without help fails it
        assertTrue(Engines.run(List.of(promtool.get().toString(), "check", "metrics"), "fooBar 1\n").exit() != 0);
    }
}
