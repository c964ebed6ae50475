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

    public static void launch(Args a) {
        args = a;
        Application.launch(WindowLauncher.class);
    }

    @Override
    public void start(Stage stage) {
        Args a = args == null ? Args.parse(java.util.List.of()) : args;
        SshResolver resolver = SshResolver.system();
        Sources sources = Sources.system(a.ssh());
        AppWorkbench workbench = new AppWorkbench(sources, resolver, RecentHosts.standard());
        Optional<String> host = a.positional().isEmpty() ? Optional.empty() : Optional.of(a.positional().get(0));
        new BedsideWindow(workbench, new BackgroundTaskRunner()).show(stage, host);
    }
}
