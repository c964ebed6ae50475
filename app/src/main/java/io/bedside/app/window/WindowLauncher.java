package io.bedside.app.window;

import io.bedside.app.Sources;
import io.bedside.app.cli.Args;
import io.bedside.app.settings.RecentHosts;
import io.bedside.app.ssh.SshResolver;
import io.bedside.ui.fx.BackgroundTaskRunner;
import io.bedside.ui.main.BedsideWindow;
import javafx.application.Application;
import javafx.stage.Stage;

import java.util.Optional;

/** Starts the JavaFX window; the composition root of the window side. */
public final class WindowLauncher extends Application {
    private static volatile Args args;

    /**
     * Opens the window and returns when it closes.
     *
     * @throws IllegalStateException with one sentence when there is no display or no GTK
     */
    public static void launch(Args a) {
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Linux") && blank(System.getenv("DISPLAY")) && blank(System.getenv("WAYLAND_DISPLAY"))) {
            throw new IllegalStateException("There is no display to open the window on; run ./bedside on a desktop "
                    + "(or under xvfb-run), or use a headless command such as ./bedside diagnose HOST.");
        }
        args = a;
        try {
            Application.launch(WindowLauncher.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("GTK")) {
                throw new IllegalStateException("The window needs GTK 3 (on Debian or Ubuntu: apt-get install libgtk-3-0); "
                        + "headless commands work without it.");
            }
            throw e;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void start(Stage stage) {
        io.bedside.model.session.StartupTrace.mark("JavaFX toolkit started");
        Args a = args == null ? Args.parse(java.util.List.of()) : args;
        SshResolver resolver = SshResolver.system();
        Sources sources = Sources.system(a.ssh());
        AppWorkbench workbench = new AppWorkbench(sources, resolver, RecentHosts.standard())
                .openingDocumentsWith(getHostServices()::showDocument);
        Optional<String> target = a.positional().isEmpty() ? Optional.empty() : Optional.of(a.positional().get(0));
        BedsideWindow window = new BedsideWindow(workbench, new BackgroundTaskRunner());
        // ./bedside incident.jsonl.gz opens the recording, as every headless command takes one
        if (a.fleet().isPresent()) {
            // ./bedside --fleet INVENTORY opens the fleet view and sweeps it
            window.show(stage, Optional.empty());
            window.showFleet(java.nio.file.Path.of(a.fleet().get()));
        } else if (target.isPresent() && Sources.isRecording(target.get())) {
            window.show(stage, Optional.empty());
            window.openRecording(java.nio.file.Path.of(target.get()));
        } else {
            // ./bedside --sudo HOST opens the host with administrative access on, and remembers it
            if (a.sudo() && target.isPresent()) {
                try {
                    workbench.rememberSudo(target.get(), true);
                } catch (java.io.IOException e) {
                    System.err.println("bedside: " + e.getMessage());
                }
            }
            window.show(stage, target);
        }
        io.bedside.model.session.StartupTrace.mark("window shown");
    }
}
