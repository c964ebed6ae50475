package io.bedside.ui.main;

import io.bedside.ui.fx.Theme;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.connect.ConnectView;
import io.bedside.ui.connect.ConnectViewModel;
import io.bedside.ui.dialogs.FileDialogs;
import io.bedside.ui.dialogs.FxFileDialogs;
import io.bedside.ui.dialogs.FxPrompter;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Clock;
import java.util.Optional;

/**
 * The Bedside window: the connect screen first, then the main view of a live session or a
 * replay. The app's JavaFX {@code Application} builds one with its {@link Workbench} and a
 * {@link TaskRunner} and calls {@link #show}.
 */
public final class BedsideWindow implements Navigator {
    public static final double WIDTH = 1360;
    public static final double HEIGHT = 860;

    private final Workbench workbench;
    private final TaskRunner runner;
    private final FileDialogs dialogs;
    private final Clock clock;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private Stage stage;
    private Scene scene;
    private MainView main;
    private ConnectView connect;
    private io.bedside.ui.fleet.FleetView fleet;
    private io.bedside.ui.fleet.InventoryChooser inventories = io.bedside.ui.fleet.InventoryChooser.files();
    private final java.util.List<BedsideWindow> hostWindows = new java.util.ArrayList<>();

    public BedsideWindow(Workbench workbench, TaskRunner runner) {
        this(workbench, runner, new FxFileDialogs(), Clock.systemDefaultZone());
    }

    /** With other file dialogs and clock: for tests, which cannot drive native file choosers. */
    public BedsideWindow(Workbench workbench, TaskRunner runner, FileDialogs dialogs, Clock clock) {
        this.workbench = workbench;
        this.runner = runner;
        this.dialogs = dialogs;
        this.clock = clock;
        theme.addListener((o, was, now) -> now.apply());
    }

    /**
     * Builds the scene on {@code stage} and shows it: the connect screen, or with
     * {@code initialHost} the connect screen already connecting to it.
     */
    public void show(Stage stage, Optional<String> initialHost) {
        FxThread.assertFxThread();
        this.stage = stage;
        // a stage handed over by an earlier window (tests reuse one) may still have its title bound
        // to that window's fleet view
        stage.titleProperty().unbind();
        theme.get().apply();
        showConnect();
        stage.setTitle("Bedside " + workbench.version());
        stage.setScene(scene);
        if (stage.getWidth() <= 0 || Double.isNaN(stage.getWidth())) {
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
        }
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> dispose());
        stage.show();
        initialHost.filter(h -> !h.isBlank()).ifPresent(h -> connect.viewModel().connectTo(h));
    }

    /** Opens a recording from the connect screen (as "Open recording file…" does), e.g. one given on the command line. */
    public void openRecording(java.nio.file.Path file) {
        FxThread.assertFxThread();
        showConnect();
        connect.viewModel().openRecording(file);
    }

    /** Where the window asks for an inventory file; tests answer with a fixed path. */
    public BedsideWindow withInventoryChooser(io.bedside.ui.fleet.InventoryChooser chooser) {
        this.inventories = chooser;
        return this;
    }

    /**
     * Shows the fleet view and sweeps {@code inventory} (an ssh_config, an Ansible inventory, a list
     * of hosts), as "Sweep a fleet…" on the connect screen and {@code --fleet INVENTORY} do.
     */
    public void showFleet(java.nio.file.Path inventory) {
        FxThread.assertFxThread();
        leave();
        io.bedside.ui.fleet.FleetViewModel vm = new io.bedside.ui.fleet.FleetViewModel(workbench::openInventory, runner,
                this::openFleetHost);
        fleet = new io.bedside.ui.fleet.FleetView(vm, inventories, this::showConnect);
        setRoot(fleet);
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> "Fleet: " + io.bedside.model.text.HostText.window(vm.titleProperty().get()) + " — Bedside " + workbench.version(),
                vm.titleProperty()));
        vm.openInventory(inventory);
    }

    /**
     * Connects this window to a session opened elsewhere (a host of a fleet), from its connect
     * screen: progress, host-key questions and a failure read as for a typed host.
     */
    public void connectUsing(String label, ConnectViewModel.SessionOpener open) {
        FxThread.assertFxThread();
        showConnect();
        connect.viewModel().connectUsing(label, open);
    }

    /** The windows this one opened for hosts of its fleet and that are still open, oldest first. */
    public java.util.List<BedsideWindow> hostWindows() {
        return java.util.List.copyOf(hostWindows);
    }

    /** The stage this window shows in. */
    public Stage stage() {
        return stage;
    }

    private void openFleetHost(io.bedside.ui.fleet.FleetInventory inv, io.bedside.ui.fleet.FleetHost host, boolean sudo) {
        Stage s = new Stage();
        s.setX(stage.getX() + 40 + 24 * (hostWindows.size() % 8));
        s.setY(stage.getY() + 40 + 24 * (hostWindows.size() % 8));
        BedsideWindow w = new BedsideWindow(workbench, runner, dialogs, clock).withInventoryChooser(inventories);
        w.themeProperty().bind(theme);
        hostWindows.add(w);
        s.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> hostWindows.remove(w));
        w.show(s, Optional.empty());
        w.connectUsing(io.bedside.model.text.HostText.window(host.name()), p -> inv.open(host, sudo, p));
    }

    private void chooseFleet() {
        inventories.choose(stage).ifPresent(this::showFleet);
    }

    /** Ends what the window shows now (a sweep, a connection attempt) before it shows something else. */
    private void leave() {
        if (main != null) {
            main.viewModel().dispose();
            main = null;
        }
        if (fleet != null) {
            fleet.viewModel().dispose();
            fleet = null;
            stage.titleProperty().unbind();
        }
        if (connect != null) {
            connect.viewModel().cancel();
            connect = null;
        }
    }

    /** The window's theme; the app may set it from and save it to its settings. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The view shown now: a {@link ConnectView}, a {@link MainView} or a fleet view. */
    public Parent currentView() {
        return scene.getRoot();
    }

    @Override
    public void showConnect() {
        FxThread.assertFxThread();
        main = null;
        if (fleet != null) {
            fleet.viewModel().dispose();
            fleet = null;
            stage.titleProperty().unbind();
        }
        ConnectViewModel vm = new ConnectViewModel(workbench, runner,
                new FxPrompter(() -> stage), new ConnectViewModel.Destination() {
            @Override
            public void live(SamplingSession session) {
                showLive(session);
            }

            @Override
            public void replay(Replay replay) {
                showReplay(replay);
            }
        });
        connect = new ConnectView(vm, dialogs, theme, this::quit, this::chooseFleet);
        setRoot(connect);
        vm.load();
        stage.setTitle("Bedside " + workbench.version());
    }

    /** Shows a started live session. */
    public void showLive(SamplingSession session) {
        FxThread.assertFxThread();
        MainViewModel vm = new MainViewModel(workbench, runner, clock, this, workbench.areas());
        vm.attach(session);
        showMain(vm);
        traceFirstRender(vm);
    }

    /**
     * With the start-up trace on: the first layout pulse after a session's main view is shown, and
     * the first after the findings board has the first sample's findings (see StartupTrace); the
     * trace's exit mode quits after the latter.
     */
    private void traceFirstRender(MainViewModel vm) {
        if (!io.bedside.model.session.StartupTrace.enabled()) {
            return;
        }
        io.bedside.model.session.StartupTrace.mark("first sample shown");
        afterNextPulse(() -> io.bedside.model.session.StartupTrace.mark("first sample rendered"));
        Runnable boardShown = () -> afterNextPulse(() -> {
            io.bedside.model.session.StartupTrace.mark("findings board rendered");
            if (io.bedside.model.session.StartupTrace.exitAfterFirstSample()) {
                FxThread.run(this::quit);
            }
        });
        if (vm.board().hasSampleProperty().get()) {
            boardShown.run();
        } else {
            vm.board().hasSampleProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (now) {
                        vm.board().hasSampleProperty().removeListener(this);
                        boardShown.run();
                    }
                }
            });
        }
    }

    private void afterNextPulse(Runnable r) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            r.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
        // a pulse is asked for, so the mark comes even when nothing else changes on screen
        scene.getRoot().requestLayout();
    }

    @Override
    public void showReplay(Replay replay) {
        FxThread.assertFxThread();
        MainViewModel vm = new MainViewModel(workbench, runner, clock, this, workbench.areas());
        vm.attach(replay);
        showMain(vm);
    }

    private void showMain(MainViewModel vm) {
        if (main != null) {
            main.viewModel().dispose();
        }
        if (fleet != null) {
            fleet.viewModel().dispose();
            fleet = null;
            stage.titleProperty().unbind();
        }
        connect = null;
        main = new MainView(vm, dialogs, runner, theme);
        setRoot(main);
        stage.setTitle(vm.sourceProperty().get() + " — Bedside " + workbench.version());
    }

    @Override
    public void quit() {
        FxThread.assertFxThread();
        dispose();
        stage.close();
    }

    private void dispose() {
        if (main != null) {
            main.viewModel().dispose();
        }
        if (connect != null) {
            connect.viewModel().cancel();
        }
        if (fleet != null) {
            fleet.viewModel().dispose();
        }
    }

    private void setRoot(Parent root) {
        if (scene == null) {
            scene = new Scene(root, WIDTH, HEIGHT);
            scene.getStylesheets().add(Theme.bedsideStylesheet());
        } else {
            scene.setRoot(root);
        }
    }
}
