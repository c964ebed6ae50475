package io.bedside.ui.memory;

import io.bedside.model.memory.Boot;
import io.bedside.model.memory.OomEvent;
import io.bedside.model.probe.Reading;
import io.bedside.ui.fx.Units;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The timeline the memory area lists: every OOM kill gathered ({@link MemoryEvents}) and every
 * boot the host knows (its boot list, and the boot times the samples saw), newest first; events
 * whose time is not known come last. Pure: no JavaFX.
 */
public final class MemoryTimeline {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    static final String NOT_LOGGED = "not logged";

    private MemoryTimeline() {
    }

    /**
     * @param events the kills and boot times gathered
     * @param boots  the latest sample's boot list
     * @param btime  the latest sample's boot time ({@code btime} of /proc/stat): when the running boot began
     * @param zone   the host's zone, for the times
     */
    public static List<TimelineEvent> build(MemoryEvents events, Reading<List<Boot>> boots, Optional<Instant> btime, ZoneId zone) {
        List<TimelineEvent> timed = new ArrayList<>();
        List<TimelineEvent> untimed = new ArrayList<>();
        for (MemoryEvents.Kill k : events.kills()) {
            TimelineEvent e = kill(k, zone);
            (e.time().isPresent() ? timed : untimed).add(e);
        }
        List<Instant> bootStarts = new ArrayList<>();
        List<Boot> list = boots.get().orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            Boot b = list.get(i);
            boolean running = i == 0 && b.how() == Boot.End.RUNNING && btime.isPresent();
            Instant start = running ? btime.get() : b.start();
            Optional<Boot> prev = i + 1 < list.size() ? Optional.of(list.get(i + 1)) : Optional.empty();
            List<String> raw = new ArrayList<>();
            raw.add(b.line());
            prev.ifPresent(p -> raw.add(p.line()));
            if (running) {
                raw.add("btime=" + btime.get().getEpochSecond() + "   (/proc/stat: when the running boot began)");
            }
            timed.add(boot(start, b.kernel(), prev, raw, zone));
            bootStarts.add(start);
        }
        for (Instant t : events.bootTimes()) {
            if (bootStarts.stream().noneMatch(s -> Duration.between(s, t).abs().compareTo(MemoryEvents.SAME_BOOT) < 0)) {
                String why = boots.isPresent() ? "(not in the host's boot list)" : "(the host's boot list: " + boots.describeAbsence() + ")";
                timed.add(boot(t, Optional.empty(), Optional.empty(),
                        List.of("btime=" + t.getEpochSecond() + "   (/proc/stat: when a boot began) " + why), zone));
                bootStarts.add(t);
            }
        }
        timed.sort(Comparator.comparing((TimelineEvent e) -> e.time().get()).reversed());
        List<TimelineEvent> out = new ArrayList<>(timed);
        out.addAll(untimed.reversed());
        return out;
    }

    static TimelineEvent kill(MemoryEvents.Kill k, ZoneId zone) {
        OomEvent e = k.event();
        String timeText = e.time().map(t -> TIME.format(t.atZone(zone)))
                .orElse("unknown" + (e.stamp().isEmpty() ? " (no stamp)" : " (stamp " + e.stamp() + ")"));
        String scope = e.memcgOom() ? "cgroup" : e.constraint().isPresent() || !e.message().isEmpty() ? "system" : "";
        String constraint = e.constraint().orElse(e.memcgOom() ? "CONSTRAINT_MEMCG (from the message)" : NOT_LOGGED);
        String memcg = e.memcg().orElse(e.memcgOom() ? NOT_LOGGED : "");
        String trigger = e.trigger().map(t -> t.comm() + (t.pid().isPresent() ? " (pid " + t.pid().getAsInt()
                + (t.pid().getAsInt() == e.pid() ? ", itself" : "") + ")" : "")).orElse(NOT_LOGGED);
        List<String> details = new ArrayList<>();
        if (!e.message().isEmpty()) {
            details.add(e.message());
        }
        e.totalVmKb().ifPresent(v -> details.add("total-vm " + Units.kib(v)));
        e.score().ifPresent(s -> details.add("score " + s));
        e.uid().ifPresent(u -> details.add("uid " + u));
        e.memcgUsage().ifPresent(u -> details.add("cgroup usage " + Units.kib(u.usageKb()) + " of " + Units.kib(u.limitKb())));
        if (k.arrivedLive()) {
            details.add("read during this session");
        }
        return new TimelineEvent("kill:" + k.key(), TimelineEvent.Kind.KILL, e.time(), timeText,
                "OOM kill" + (scope.isEmpty() ? "" : " · " + scope), e.pid() + " " + e.comm(),
                kb(e.anonRssKb()), kb(e.fileRssKb()), kb(e.shmemRssKb()), adj(e.oomScoreAdj()), constraint, memcg, trigger,
                String.join(" · ", details), e.lines(), k.arrivedLive(), "OOM " + e.comm());
    }

    private static TimelineEvent boot(Instant start, Optional<String> kernel, Optional<Boot> prev, List<String> raw,
                                      ZoneId zone) {
        List<String> details = new ArrayList<>();
        kernel.ifPresent(k -> details.add("kernel " + k));
        prev.ifPresent(p -> details.add("the boot before ended " + p.end().map(t -> TIME.format(t.atZone(zone)) + " ").orElse("")
                + "(" + p.how().phrase() + ")"));
        if (prev.isEmpty()) {
            details.add("how the boot before ended is not known");
        }
        return new TimelineEvent("boot:" + start.getEpochSecond(), TimelineEvent.Kind.BOOT, Optional.of(start),
                TIME.format(start.atZone(zone)), "Boot", "", "", "", "", "", "", "", "", String.join(" · ", details), raw,
                false, "boot");
    }

    private static String kb(OptionalLong v) {
        return v.isPresent() ? Units.kib(v.getAsLong()) : NOT_LOGGED;
    }

    private static String adj(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : NOT_LOGGED;
    }
}
