package io.bedside.ui.main;

import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestFileDialogs;
import io.bedside.ui.support.TestWorkbench;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code bedside HOST}: the window opens already connecting, and goes live without a click. */
@ExtendWith(ApplicationExtension.class)
class BedsideWindowInitialHostTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();
    private BedsideWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new BedsideWindow(new TestWorkbench(Duration.ofSeconds(1)), runner,
                new TestFileDialogs(Path.of("target", "exports")), Clock.systemDefaultZone());
        window.show(stage, Optional.of("ops@localhost"));
    }

    @AfterEach
    void closeWindow() {
        onFx(() -> stage.hide());
        runner.close();
    }

    @Test
    void connectsToTheInitialHost() {
        waitFor("the main view", 20_000, () -> window.currentView() instanceof MainView);
        MainViewModel vm = ((MainView) window.currentView()).viewModel();
        assertEquals("ops@localhost", onFx(() -> vm.sourceProperty().get()));
        assertEquals("ops@localhost — Bedside 0.1.0-test", onFx(stage::getTitle));
    }
}
