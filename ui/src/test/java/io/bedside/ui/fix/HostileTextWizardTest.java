package io.bedside.ui.fix;

import io.bedside.model.sample.Sample;
import io.bedside.model.text.HostText;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFixService;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mem.oom.protect wizard on a process whose name holds an ESC colour sequence, a carriage
 * return, a U+202E and a byte that is not UTF-8 (fixture {@code hostile/}): the choose and preview
 * steps show the name with visible escapes, nothing raw. Screenshots:
 * target/screenshots/hostile-text-wizard-*.png.
 */
@ExtendWith(ApplicationExtension.class)
class HostileTextWizardTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.control.Label("owner"), 300, 200));
        stage.show();
    }

    private static List<String> texts(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private static void assertNothingRaw(List<String> texts) {
        for (String t : texts) {
            t.codePoints().forEach(cp -> assertFalse(cp != '\n' && HostText.escaped(cp),
                    () -> "U+" + Integer.toHexString(cp) + " shown raw in: " + t));
        }
    }

    @Test
    void theProtectWizardShowsTheHostileNameEscaped() {
        TestFixService service = new TestFixService("lab-memdev", true);
        Sample sample = Fixtures.hostSample("hostile/probe-lab-oom-root-hostile-name.txt");
        FixWizardViewModel vm = onFx(() -> new FixWizardViewModel(service, new CurrentThreadTaskRunner(), "mem.oom.protect", sample,
                Map.of("pid", "11313", "adj", "-700"), () -> { }, () -> { }));
        FixWizard wizard = onFx(() -> FixWizard.open(vm, stage));
        Stage w = wizard.stage();
        waitFor("the choose step names the process", 10_000, () -> onFx(() -> texts(w.getScene().getRoot())).stream()
                .anyMatch(t -> t.contains("pid 11313 (\\x1b[31mred\\x0dok\\u202eexe")));
        assertNothingRaw(onFx(() -> texts(w.getScene().getRoot())));
        Screenshots.take(w.getScene(), "hostile-text-wizard-choose");

        onFx(vm::next);
        waitFor("the preview", 10_000, () -> onFx(() -> vm.stepProperty().get()) == FixWizardViewModel.Step.PREVIEW);
        onFx(() -> w.getScene().getRoot().applyCss());
        onFx(() -> w.getScene().getRoot().layout());
        List<String> preview = onFx(() -> texts(w.getScene().getRoot()));
        assertNothingRaw(preview);
        assertTrue(preview.stream().anyMatch(t -> t.contains("11313")), "the preview names the pid: " + preview);
        Screenshots.take(w.getScene(), "hostile-text-wizard-preview");
        onFx(w::hide);
    }
}
