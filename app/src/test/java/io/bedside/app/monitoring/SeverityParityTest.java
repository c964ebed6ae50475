package io.bedside.app.monitoring;

import io.bedside.app.recording.BundledRecordings;
import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.recording.Replay;
import io.bedside.model.sample.Sample;
import io.bedside.ui.areas.WindowAreas;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.main.AreaContribution;
import io.bedside.ui.main.AreaViewModel;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same condition has the same severity in the window and headless: every bundled demo
 * recording's samples go through the window's path (each area's view-model, as the window builds
 * them from the history up to the sample) and the headless path (every rule over the one sample,
 * as {@code diagnose} judges it), and the finding ids and severities must agree, on full samples
 * and on the light ones between them.
 */
class SeverityParityTest {
    @BeforeAll
    static void fx() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException already) {
            up.countDown();
        }
        assertTrue(up.await(30, TimeUnit.SECONDS), "JavaFX started");
    }

    /** The samples compared: the first three (a full one, then light ones), one from the middle and the last. */
    private static List<Integer> indices(int size) {
        Set<Integer> at = new TreeSet<>();
        for (int i = 0; i < Math.min(3, size); i++) {
            at.add(i);
        }
        at.add(size / 2);
        at.add(size - 1);
        return List.copyOf(at);
    }

    private static Set<String> window(List<Sample> upTo) {
        return FxThread.callAndWait(() -> {
            Set<String> out = new TreeSet<>();
            for (AreaContribution<?> c : WindowAreas.all()) {
                AreaViewModel<?> vm = c.newViewModel(new CurrentThreadTaskRunner());
                vm.setActive(true);
                vm.showHistory(upTo);
                for (FindingItem f : vm.findings()) {
                    out.add(f.id() + " " + f.severity().token());
                }
                vm.dispose();
            }
            return out;
        });
    }

    private static Set<String> headless(Sample s) {
        Set<String> out = new TreeSet<>();
        for (Finding f : OneSample.of(s).findings()) {
            out.add(f.id() + " " + f.severity().token());
        }
        return out;
    }

    /**
     * Whether diagnose graded {@code f} on one sample's counters since the start where the window
     * had a window of samples (cpu.throttled: warning at most, and it says a second sample tells):
     * not the same evidence, so the window may grade it higher.
     */
    private static boolean sinceStart(Sample s, String id) {
        return OneSample.of(s).findings().stream().filter(f -> f.id().equals(id))
                .anyMatch(f -> f.subjects().stream().anyMatch(m -> "since-start".equals(m.get("basis"))));
    }

    private static java.util.Map<String, String> byId(Set<String> idSeverity) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        for (String f : idSeverity) {
            String[] p = f.split(" ");
            m.put(p[0], p[1]);
        }
        return m;
    }

    /**
     * Two checks per sample. The window's areas show exactly what every rule finds over the same
     * samples (ids and severities: nothing dropped, added or re-graded on the way). And what
     * diagnose finds in the one sample has the same severity in the window; diagnose, with no
     * history, may find less (a kill the kernel log showed in an earlier sample, growth over minutes)
     * and grades a rate since the start, not over a window, no higher than warning.
     */
    @Test
    void everyBundledRecordingIsJudgedAlikeInTheWindowAndHeadless() throws Exception {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (BundledRecordings.Demo demo : BundledRecordings.list()) {
            long started = System.nanoTime();
            Replay replay = new Replay(BundledRecordings.open(demo.id()));
            try {
                for (int i : indices(replay.size())) {
                    // the last minute or so before it: what growth and kills need, and cheap enough to run often
                    List<Sample> all = replay.upTo(i);
                    List<Sample> upTo = all.subList(Math.max(0, all.size() - 30), all.size());
                    Sample s = upTo.get(upTo.size() - 1);
                    String where = demo.id() + " sample " + (i + 1) + (s.output().carried().isEmpty() ? " (full)" : " (light)");
                    Set<String> w = window(upTo);
                    Set<String> rules = new TreeSet<>();
                    new Diagnosis(Playbooks.allRules()).run(s, upTo).forEach(f -> rules.add(f.id() + " " + f.severity().token()));
                    compared++;
                    if (!w.equals(rules)) {
                        differences.add(where + ": window " + w + ", every rule over the same samples " + rules);
                    }
                    java.util.Map<String, String> win = byId(w);
                    java.util.Map<String, String> head = byId(headless(s));
                    head.forEach((id, sev) -> {
                        if (!sev.equals(win.get(id)) && !(win.containsKey(id) && sinceStart(s, id))) {
                            differences.add(where + ": diagnose says " + id + " " + sev + ", the window " + win.get(id));
                        }
                    });
                }
            } finally {
                replay.close();
            }
            System.out.printf("[parity] %s: %.1f s%n", demo.id(), (System.nanoTime() - started) / 1e9);
        }
        assertTrue(compared >= 40, "compared " + compared + " samples");
        assertEquals(List.of(), differences, String.join("\n", differences));
    }
}
