package io.bedside.ui.net;

import io.bedside.model.findings.Diagnosis;
import io.bedside.model.findings.Finding;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.net.NetFixPlans;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fix.FixWizard;
import io.bedside.ui.fix.FixWizardViewModel;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.Fixtures;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFixService;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Map;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port range fix's first step on the lab's capture of a used-up range (tcp_tw_reuse 2 there):
 * the proposed range, and tcp_tw_reuse = 1 as a checkbox of its own, off as the finding offers it;
 * ticking it re-makes the plan with the separate step and its rollback. Screenshot:
 * target/screenshots/net-widen-range-tw-reuse.png.
 */
@ExtendWith(ApplicationExtension.class)
class WidenRangeChooserTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        io.bedside.ui.fx.Theme.LIGHT.apply();   // as the window has it, so the screenshot looks as an operator sees it
        stage.setScene(new javafx.scene.Scene(new javafx.scene.control.Label("owner"), 300, 200));
        stage.show();
    }

    private static List<String> subjects(FixPlan p, List<FixStep> steps) {
        return steps.stream().map(FixStep::subject).distinct().toList();
    }

    @Test
    void twReuseIsASeparateCheckboxWithItsOwnSteps(FxRobot robot) {
        Sample sample = Fixtures.hostSample("net/probe-lab-ports-t1.txt");
        Finding f = new Diagnosis(Playbooks.allRules()).run(sample, List.of(sample)).stream()
                .filter(x -> x.id().equals("net.ports.exhausted")).findFirst().orElseThrow();
        Map<String, String> offered = f.fixes().get(0).params();
        assertEquals("keep", offered.get("tw_reuse"), offered.toString());
        TestFixService service = new TestFixService("lab-netcap-tgt", true);
        FixWizardViewModel vm = onFx(() -> new FixWizardViewModel(service, new CurrentThreadTaskRunner(), NetFixPlans.WIDEN_RANGE, sample,
                offered, () -> { }, () -> { }));
        FixWizard wizard = onFx(() -> FixWizard.open(vm, stage));
        Stage w = wizard.stage();
        WidenRangeChooser chooser = vm.chooser(WidenRangeChooser.class);
        assertTrue(chooser.twReuseOffered(), "tcp_tw_reuse is 2 in the capture");
        waitFor("the plan", 10_000, () -> onFx(() -> vm.planProperty().get()) != null);
        CheckBox box = robot.lookup("#net-tw-reuse").queryAs(CheckBox.class);
        assertFalse(onFx(box::isSelected), "off, as the finding offered it");
        assertTrue(onFx(() -> box.getText()).startsWith("Also set net.ipv4.tcp_tw_reuse = 1 (now 2)"), "underscores shown as they are: " + onFx(() -> box.getText()));
        FixPlan plain = onFx(() -> vm.planProperty().get());
        assertEquals(List.of("net.ipv4.ip_local_port_range"), plain.changes().stream().map(c -> c.what()).toList());
        assertFalse(subjects(plain, plain.steps()).contains("net.ipv4.tcp_tw_reuse"));

        onFx(() -> box.setSelected(true));
        waitFor("the plan with tcp_tw_reuse", 10_000, () -> onFx(() -> vm.planProperty().get()).changes().size() == 2);
        assertEquals("1", service.planned.get(service.planned.size() - 1).get("tw_reuse"));
        FixPlan tw = onFx(() -> vm.planProperty().get());
        assertTrue(subjects(tw, tw.steps()).contains("net.ipv4.tcp_tw_reuse"), tw.steps().toString());
        assertTrue(tw.rollback().stream().anyMatch(s -> s.command().equals("sysctl -w net.ipv4.tcp_tw_reuse=2")), "its own rollback");
        assertTrue(tw.steps().stream().filter(s -> s.subject().equals("net.ipv4.tcp_tw_reuse")).noneMatch(FixStep::optional),
                "chosen here, not among the optional persist steps of the preview");
        onFx(() -> w.getScene().getRoot().applyCss());
        onFx(() -> w.getScene().getRoot().layout());
        Screenshots.take(w.getScene(), "net-widen-range-tw-reuse");

        onFx(() -> box.setSelected(false));
        waitFor("the plan without it", 10_000, () -> onFx(() -> vm.planProperty().get()).changes().size() == 1);
        assertEquals("keep", service.planned.get(service.planned.size() - 1).get("tw_reuse"));
        onFx(w::hide);
    }
}
