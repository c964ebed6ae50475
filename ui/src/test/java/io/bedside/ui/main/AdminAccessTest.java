package io.bedside.ui.main;

import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Administrative access without friction: the status bar says whether the probe runs with sudo
 * and switches it with one click (with progress until the next sample), the choice is remembered
 * per host and the host opens with it next time; a host whose sudo refuses goes on sampling
 * without it and says why in one sentence. The probe is the real one, run on this machine.
 */
@ExtendWith(ApplicationExtension.class)
class AdminAccessTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final TestWorkbench workbench = new TestWorkbench(Duration.ofSeconds(1));
    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(workbench, runner, new TestFileDialogs(Path.of("target", "exports")), Clock.systemUTC());
        window.show(stage, Optional.empty());
    }

    @AfterEach
    void closeWindow() {
        onFx(() -> stage.hide());
        runner.close();
    }

    private MainViewModel connect(FxRobot robot, String host) {
        robot.clickOn("#connect-host").write(host).type(KeyCode.ENTER);
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = onFx(() -> ((MainView) window.currentView()).viewModel());
        waitFor("a sample", 20_000, () -> vm.hasSampleProperty().get());
        return vm;
    }

    @Test
    void oneClickSwitchesSudoOnIsRememberedAndTheHostOpensWithItNextTime(FxRobot robot) {
        MainViewModel vm = connect(robot, "db-07");
        Button admin = onFx(() -> robot.lookup("#admin-toggle").queryAs(Button.class));
        assertEquals("sudo: off", onFx(admin::getText));
        assertFalse(workbench.sudoRemembered("db-07"));

        int before = onFx(() -> vm.session().orElseThrow().history().size());
        robot.clickOn("#admin-toggle");
        assertTrue(onFx(() -> vm.session().orElseThrow().isPrivileged()));
        // progress until a sample with sudo arrives (it may already have: the sample is taken at once)
        waitFor("the sample with sudo", 10_000, () -> vm.session().orElseThrow().history().size() > before
                && vm.privilegeProgressProperty().get().isEmpty());
        assertEquals("sudo: on", onFx(admin::getText));
        waitFor("remembered", 5_000, () -> workbench.sudoRemembered("db-07"));
        Screenshots.take(stage.getScene(), "admin-sudo-on");

        onFx(() -> vm.close());
        waitFor("the connect screen", 5_000, () -> !(window.currentView() instanceof MainView));
        MainViewModel again = connect(robot, "db-07");
        assertTrue(onFx(() -> again.privilegedProperty().get()), "the host opens with sudo on, as it was left");
        assertTrue(onFx(() -> again.session().orElseThrow().isPrivileged()));

        robot.clickOn("#admin-toggle");
        waitFor("sudo off", 10_000, () -> !again.privilegedProperty().get() && again.privilegeProgressProperty().get().isEmpty());
        waitFor("forgotten", 5_000, () -> !workbench.sudoRemembered("db-07"));
    }

    @Test
    void aHostWhoseSudoRefusesSamplesOnWithoutItAndSaysWhy(FxRobot robot) {
        workbench.rememberSudo(TestWorkbench.NO_SUDO, true);
        robot.clickOn("#connect-host").write(TestWorkbench.NO_SUDO).type(KeyCode.ENTER);
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = onFx(() -> ((MainView) window.currentView()).viewModel());
        waitFor("a sample without sudo", 20_000, () -> vm.hasSampleProperty().get());
        waitFor("sudo off", 10_000, () -> !vm.privilegedProperty().get());
        waitFor("the reason", 10_000, () -> vm.noticeProperty().get().startsWith(TestWorkbench.NO_SUDO_MESSAGE));
        assertEquals(TestWorkbench.NO_SUDO_MESSAGE + " Administrative access is off; sampling goes on without it.",
                onFx(() -> vm.noticeProperty().get()));
        waitFor("no longer remembered", 5_000, () -> !workbench.sudoRemembered(TestWorkbench.NO_SUDO));

        // asked again by hand: refused again, in one sentence, and sampling goes on
        int before = onFx(() -> vm.session().orElseThrow().history().size());
        onFx(vm::dismissNotice);
        robot.clickOn("#admin-toggle");
        waitFor("refused again", 10_000, () -> !vm.privilegedProperty().get() && !vm.noticeProperty().get().isEmpty());
        waitFor("more samples", 10_000, () -> vm.session().orElseThrow().history().size() > before);
        assertEquals("sudo: off", onFx(() -> robot.lookup("#admin-toggle").queryAs(Button.class).getText()));
        assertEquals(io.bedside.model.session.ConnectionState.LIVE, onFx(() -> vm.status().stateProperty().get()),
                "a refused sudo is no dropped connection");
        assertFalse(onFx(() -> vm.status().staleProperty().get()));
        Screenshots.take(stage.getScene(), "admin-sudo-refused");
    }

    @Test
    void whatNeedsRootIsSaidInEveryAreaWithTheButtonThatSwitchesSudoOn(FxRobot robot) {
        MainViewModel vm = connect(robot, TestWorkbench.USER_HOST);
        waitFor("the sources that need root", 10_000, () -> !vm.needsRootProperty().get().isEmpty());
        String said = onFx(() -> vm.needsRootProperty().get());
        assertTrue(said.startsWith("Without administrative access ") && said.contains("kernel-log"), said);
        assertTrue(onFx(() -> robot.lookup("#main-use-sudo").query().isVisible()));
        onFx(() -> vm.selectArea("memory"));
        assertTrue(onFx(() -> robot.lookup(".bs-needs-root").query().isVisible()), "said in every area");
        Screenshots.take(stage.getScene(), "admin-needs-root");

        robot.clickOn("#main-use-sudo");
        waitFor("a sample as root", 15_000, () -> vm.privilegeProgressProperty().get().isEmpty() && vm.needsRootProperty().get().isEmpty());
        assertFalse(onFx(() -> robot.lookup(".bs-needs-root").query().isVisible()));
        assertTrue(workbench.sudoRemembered(TestWorkbench.USER_HOST));
    }
}
