package io.bedside.ui.fix;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestFixService;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wizard's steps as classes: each fix kind's chooser comes from the registry by fix id, and the
 * proposed change and the preview show a plan's before and after from its {@link Change} records,
 * whatever its summary says.
 */
class FixStepsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T16:30:00Z");

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    @Test
    void theChooserIsFoundByFixIdAndAFixWithoutOneShowsItsProposedChange() {
        Sample s = Fixtures.ipcSeries().get(8);
        TestFixService service = new TestFixService("lab-ipc", true);
        assertInstanceOf(OrphanChooser.class, wizard(service, "ipc.sem.remove-orphans", s).chooser());
        assertInstanceOf(OrphanChooser.class, wizard(service, "ipc.shm.remove-orphans", s).chooser());
        assertInstanceOf(ProtectChooser.class, wizard(service, "mem.oom.protect", s).chooser());
        assertInstanceOf(ProposedChange.class, wizard(service, "ipc.sem.raise-limit", s).chooser());
        assertTrue(FixChoosers.hasOwn("mem.oom.protect"));
        assertFalse(FixChoosers.hasOwn("proc.signal"));
        assertEquals("semid", wizard(service, "ipc.sem.remove-orphans", s).chooser(OrphanChooser.class).idName());
        assertEquals("shmid", wizard(service, "ipc.shm.remove-orphans", s).chooser(OrphanChooser.class).idName());
    }

    @Test
    void thePreviewShowsBeforeAndAfterFromTheChangeRecordsNotFromTheSummary() {
        // a summary line that looks like an old/new line is only text; the records are what is shown as the change
        FixPlan plan = new FixPlan("test.raise", "Raise x", List.of(new Change("kernel.x", "1 2", "1 4"),
                new Change("kernel.y", "7", "9")), List.of("old: not a change", "Why: x is low."), List.of(), List.of());
        FixWizardViewModel w = wizard(new PlanOnly(plan), "test.raise", Fixtures.sample(Fixtures.ROOT, T0));
        assertInstanceOf(ProposedChange.class, w.chooser());
        assertEquals(List.of(new Change("kernel.x", "1 2", "1 4"), new Change("kernel.y", "7", "9")), List.copyOf(w.changes()));
        assertEquals(List.of("old: kernel.x = 1 2", "new: kernel.x = 1 4", "old: kernel.y = 7", "new: kernel.y = 9"),
                List.copyOf(w.oldNew()));
        assertEquals(List.of("old: not a change", "Why: x is low."), List.copyOf(w.summary()));

        List<Label> choose = onFx(() -> labels(w.chooser().view().lookup("#wizard-old-new")));
        assertEquals(List.of("old: kernel.x = 1 2", "new: kernel.x = 1 4", "old: kernel.y = 7", "new: kernel.y = 9"),
                choose.stream().map(Label::getText).toList());
        assertEquals(List.of(true, false, true, false), choose.stream().map(l -> l.getStyleClass().contains("bs-line-old")).toList());
        assertEquals(List.of(false, true, false, true), choose.stream().map(l -> l.getStyleClass().contains("bs-line-new")).toList());

        List<String> preview = onFx(() -> {
            Node page = new PreviewPage(w).node();
            return labels((Parent) page).stream().map(Label::getText).toList();
        });
        int old = preview.indexOf("old: kernel.x = 1 2");
        assertTrue(old > 0, preview.toString());
        assertEquals("new: kernel.x = 1 4", preview.get(old + 1));
        List<Label> page = onFx(() -> labels(w.chooser().view()));
        Label text = page.stream().filter(l -> l.getText().equals("old: not a change")).findFirst().orElseThrow();
        assertFalse(text.getStyleClass().contains("bs-line-old"), "a summary line is never styled as a change");
    }

    /** A service that only makes the one plan. */
    private record PlanOnly(FixPlan plan) implements FixService {
        @Override public String hostName() { return "lab-ipc"; }
        @Override public boolean administrativeAccess() { return true; }
        @Override public FixPlan plan(String fixId, Sample sample, Map<String, String> params) { return plan; }
        @Override public io.bedside.model.fix.FixReport run(FixPlan p, boolean dryRun, boolean includeOptional,
                java.util.function.Consumer<io.bedside.model.fix.StepResult> progress) { throw new UnsupportedOperationException(); }
        @Override public io.bedside.model.fix.FixReport rollback(FixPlan p,
                java.util.function.Consumer<io.bedside.model.fix.StepResult> progress) { throw new UnsupportedOperationException(); }
        @Override public java.nio.file.Path auditLog() { return null; }
    }

    private static FixWizardViewModel wizard(FixService service, String fixId, Sample sample) {
        return onFx(() -> {
            FixWizardViewModel w = new FixWizardViewModel(service, new CurrentThreadTaskRunner(), fixId, sample, () -> { }, () -> { });
            w.start();
            return w;
        });
    }

    private static List<Label> labels(Node n) {
        List<Label> out = new ArrayList<>();
        if (n instanceof Label l) {
            out.add(l);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(labels(c)));
        }
        return out;
    }
}
