package io.bedside.model.cpu;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.FixOffer;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");
    private static final String BUSY = "/bedside-lab-busy/busy.service";

    private static List<Finding> run(String id, Sample latest, List<Sample> history) {
        Rule r = CpuRules.all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        return r.evaluate(latest, history);
    }

    private static Sample at(int seconds, long periods, long throttled, long ns) {
        return new CpuProbeText().now(T0.plusSeconds(seconds)).v1(BUSY, 20000, periods, throttled, ns).sample();
    }

    @Test
    void oneSampleSaysSinceTheCgroupBegan() {
        List<Finding> f = run(CpuRules.THROTTLED, at(0, 42, 39, 2_646_333_145L), List.of());
        assertEquals(1, f.size());
        Finding x = f.get(0);
        assertEquals(Severity.WARNING, x.severity(), "since the start is not the last minute: a warning at most");
        assertTrue(x.summary().contains("since the cgroup began"), x.summary());
        Subject s = x.subjects().get(0);
        assertEquals(Subject.Kind.LIMIT, s.kind());
        assertEquals(BUSY, s.get("cgroup"));
        assertEquals("busy.service", s.get("unit"));
        assertEquals(20000L, s.get("quota"));
        assertEquals(100000L, s.get("period"));
        assertEquals(92.9, s.get("throttled_pct"));
        assertEquals(2.6, s.get("throttled_seconds"));
        assertEquals("since-start", s.get("basis"));
        assertEquals(new FixOffer(CpuFixPlans.RAISE, Map.of("unit", "busy.service", "quota", "40%")), x.fixes().get(0));
        assertEquals(1, x.evidence().get(0).lines().size());
    }

    @Test
    void overTheLastMinuteFromTheSamplesDifference() {
        // long throttled in the past (since start 50%), the last minute: 590 of 600 periods
        Sample old = at(0, 10_000, 5_000, 100_000_000_000L);
        Sample minute = at(60, 10_600, 5_590, 147_000_000_000L);
        List<Finding> f = run(CpuRules.THROTTLED, minute, List.of(old));
        assertEquals(Severity.CRITICAL, f.get(0).severity());
        Subject s = f.get(0).subjects().get(0);
        assertEquals(98.3, s.get("throttled_pct"));
        assertEquals(47.0, s.get("throttled_seconds"));
        assertEquals("window", s.get("basis"));
        assertEquals(60L, s.get("window_seconds"));
        assertTrue(f.get(0).summary().contains("over the last 60 s"), f.get(0).summary());
    }

    @Test
    void aCgroupThatStoppedBeingThrottledIsNotReported() {
        Sample old = at(0, 10_000, 9_000, 100_000_000_000L);
        Sample now = at(60, 10_600, 9_010, 100_500_000_000L);
        assertEquals(List.of(), run(CpuRules.THROTTLED, now, List.of(old)), "1.7% over the minute, 85% since start");
    }

    @Test
    void theOldestReadingWithinTheMinuteIsTheBase() {
        Sample tooOld = at(0, 0, 0, 0);
        Sample base = at(20, 1000, 0, 0);
        Sample recent = at(78, 1500, 100, 1_000_000_000L);
        Sample now = at(80, 1600, 150, 2_000_000_000L);
        Subject s = run(CpuRules.THROTTLED, now, List.of(tooOld, base, recent)).get(0).subjects().get(0);
        assertEquals(60L, s.get("window_seconds"));
        assertEquals(25.0, s.get("throttled_pct"));
    }

    @Test
    void countersThatWentBackMeanANewCgroup() {
        Sample old = at(0, 10_000, 100, 0);
        Sample now = at(60, 50, 40, 1_000_000_000L);
        Subject s = run(CpuRules.THROTTLED, now, List.of(old)).get(0).subjects().get(0);
        assertEquals("since-start", s.get("basis"));
        assertEquals(80.0, s.get("throttled_pct"));
    }

    @Test
    void lightSamplesCarryTheSameReadingAndAreNotCompared() {
        Sample full = at(0, 42, 39, 2_646_333_145L);
        String light = new CpuProbeText().now(T0.plusSeconds(2)).status(CpuSnapshot.CGROUPS, "skipped light sample").text();
        Sample l = Playbooks.parser().parse("test", T0.plusSeconds(2), light, 1, full);
        assertEquals(T0, CpuSnapshot.of(l).cgroupsAt());
        Subject s = run(CpuRules.THROTTLED, l, List.of(full)).get(0).subjects().get(0);
        assertEquals("since-start", s.get("basis"), "a carried reading is not a minute of throttling at 0%");
    }

    @Test
    void fewPeriodsSayNothing() {
        assertEquals(List.of(), run(CpuRules.THROTTLED, at(0, 9, 9, 1), List.of()));
    }

    @Test
    void aCgroupWithoutAUnitIsOfferedByPath() {
        Sample s = new CpuProbeText().v1("/bedside-lab-x", 5000, 100, 80, 1).sample();
        Finding f = run(CpuRules.THROTTLED, s, List.of()).get(0);
        assertNull(f.subjects().get(0).get("unit"));
        assertEquals(Map.of("cgroup", "/bedside-lab-x", "quota", "15%"), f.fixes().get(0).params());
    }

    @Test
    void pressureWithTheRunQueueAndSteal() {
        Sample s = new CpuProbeText().psi(45.5).stat("cpu 1100 0 100 700 0 0 0 100",
                "prev cpu 1000 0 100 500 0 0 0 0").sample();
        List<Finding> f = run(CpuRules.PRESSURE, s, List.of());
        assertEquals(1, f.size());
        assertEquals(Severity.WARNING, f.get(0).severity());
        Subject m = f.get(0).subjects().get(0);
        assertEquals(45.5, m.get("some_avg10"));
        assertEquals(6L, m.get("runnable"), "from /proc/loadavg");
        assertEquals(2, m.get("cpus"));
        assertEquals(25.0, m.get("steal_pct"));
        assertEquals("since the previous sample", m.get("steal_basis"));
        assertTrue(f.get(0).summary().contains("hypervisor"), f.get(0).summary());
    }

    @Test
    void pressureThresholdsAndAnAbsentPsi() {
        assertEquals(List.of(), run(CpuRules.PRESSURE, new CpuProbeText().psi(39.9).sample(), List.of()));
        assertEquals(Severity.CRITICAL, run(CpuRules.PRESSURE, new CpuProbeText().psi(80).sample(), List.of()).get(0).severity());
        Sample off = new CpuProbeText().status(CpuSnapshot.PRESSURE, "missing /proc/pressure/cpu").sample();
        assertEquals(List.of(), run(CpuRules.PRESSURE, off, List.of()));
        assertTrue(CpuSnapshot.of(off).pressure().describeAbsence().contains("/proc/pressure/cpu"));
    }
}
