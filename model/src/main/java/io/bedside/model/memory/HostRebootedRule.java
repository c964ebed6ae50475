package io.bedside.model.memory;

import io.bedside.model.findings.Evidence;
import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.host.HostFacts;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;
import io.bedside.model.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@value MemoryRules#REBOOTED}: a boot within the window (at least back to the oldest sample); a
 * warning when seen during the session or the boot before ended without a shutdown record, else info.
 */
final class HostRebootedRule implements Rule {
    private final MemoryAssessment assessment;

    HostRebootedRule(MemoryAssessment assessment) {
        this.assessment = assessment;
    }

    @Override
    public String id() {
        return MemoryRules.REBOOTED;
    }

    @Override
    public List<Finding> evaluate(Sample latest, List<Sample> history) {
        MemorySnapshot memory = MemorySnapshot.of(latest);
        Instant now = latest.hostTime();
        Instant windowStart = now.minus(assessment.window);
        Optional<Instant> oldest = history.stream().map(Sample::hostTime).min(Instant::compareTo);
        if (oldest.isPresent() && oldest.get().isBefore(windowStart)) {
            windowStart = oldest.get();
        }
        Optional<Instant> btime = latest.facts().get().flatMap(HostFacts::bootTime);
        // a boot seen during the session: an earlier sample had another boot time
        boolean observed = btime.isPresent() && history.stream().map(s -> s.facts().get().flatMap(HostFacts::bootTime))
                .flatMap(Optional::stream).anyMatch(b -> Duration.between(b, btime.get()).abs().getSeconds() > 60);
        List<Boot> boots = memory.boots().get().orElse(List.of());
        List<Subject> subjects = new ArrayList<>();
        boolean badEnd = false;
        boolean btimeCovered = false;
        for (int i = 0; i < boots.size(); i++) {
            Boot b = boots.get(i);
            Instant began = i == 0 && b.how() == Boot.End.RUNNING && btime.isPresent() ? btime.get() : b.start();
            if (began.isBefore(windowStart)) {
                continue;
            }
            Optional<Boot> prev = i + 1 < boots.size() ? Optional.of(boots.get(i + 1)) : Optional.empty();
            // the running boot: btime is when it really started (the journal's first entry can be later)
            boolean current = i == 0 && b.how() == Boot.End.RUNNING && btime.isPresent();
            btimeCovered |= current;
            Instant start = current ? btime.get() : b.start();
            badEnd |= prev.map(p -> p.how() == Boot.End.NO_SHUTDOWN_RECORD).orElse(false);
            subjects.add(bootSubject(start, Optional.of(b), prev, observed && i == 0));
        }
        if (!btimeCovered && btime.isPresent() && !btime.get().isBefore(windowStart)
                && (boots.isEmpty() || boots.get(0).how() != Boot.End.RUNNING)) {
            subjects.add(0, bootSubject(btime.get(), Optional.empty(), boots.isEmpty() ? Optional.empty() : Optional.of(boots.get(0)), observed));
        }
        if (subjects.isEmpty()) {
            return List.of();
        }
        Subject first = subjects.get(0);
        String summary = "The host booted at " + MemoryRules.WORDS.format(Instant.parse((String) first.get("boot_time")))
                + (observed ? ", during this session" : "") + previousBoot(first)
                + (subjects.size() > 1 ? "; " + subjects.size() + " boots in the window" : "")
                + ". Processes not started at boot are gone.";
        List<Evidence> ev = new ArrayList<>();
        memory.boots().get().ifPresent(b -> ev.add(new Evidence(MemorySnapshot.BOOTS, "the host's boots, newest first",
                b.stream().map(Boot::line).toList())));
        List<String> facts = new ArrayList<>();
        latest.output().section("host").ifPresent(s -> s.lines().stream().filter(l -> l.startsWith("btime=")).forEach(facts::add));
        latest.output().section("uptime").filter(s -> s.status() == SourceStatus.OK).map(Section::lines).ifPresent(facts::addAll);
        if (!facts.isEmpty()) {
            ev.add(new Evidence("host", "boot time (btime of /proc/stat) and /proc/uptime", facts));
        }
        return List.of(new Finding(MemoryRules.REBOOTED, observed || badEnd ? Severity.WARNING : Severity.INFO, summary, subjects, ev,
                List.of()));
    }

    private static Subject bootSubject(Instant start, Optional<Boot> boot, Optional<Boot> prev, boolean observed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boot_time", start.toString());
        m.put("boot_id", boot.flatMap(Boot::bootId).orElse("unknown"));
        m.put("kernel", boot.flatMap(Boot::kernel).orElse("unknown"));
        m.put("previous_boot_end", prev.flatMap(Boot::end).map(Instant::toString).orElse("unknown"));
        m.put("previous_end", prev.map(p -> p.how().phrase()).orElse("unknown"));
        m.put("observed", observed);
        return Subject.of(Subject.Kind.BOOT, m);
    }

    /** {@code ; the boot before ended at T, how}, or that neither is known, as words (no "(unknown)"). */
    private static String previousBoot(Subject first) {
        Object end = first.get("previous_boot_end");
        Object how = first.get("previous_end");
        boolean whenKnown = end != null && !end.equals("unknown");
        boolean howKnown = how != null && !how.equals("unknown");
        if (!whenKnown && !howKnown) {
            return "; when and how the boot before ended is not known";
        }
        String when = whenKnown ? "at " + MemoryRules.WORDS.format(Instant.parse((String) end)) : "at a time not known";
        return "; the boot before ended " + when + (howKnown ? ", " + how : "");
    }
}
