package io.bedside.ui.export;

import io.bedside.ui.dialogs.FileDialogs;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

import java.awt.image.BufferedImage;
import java.time.ZonedDateTime;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The right-click menu of every chart: "Save chart as PNG…" and "Copy chart to clipboard". The
 * picture is the chart alone, stamped with the host, the view (area and chart title) and the time
 * of the data, exactly as {@link ViewExporter} stamps a whole view.
 *
 * <p>Installed once on a container (the main window's area pane): it serves every chart inside,
 * also charts an area builds later, so the views themselves need not know about it.
 */
public final class ChartMenus {
    public static final String MENU_ID = "chart-menu";
    public static final String SAVE_ID = "chart-menu-save-png";
    public static final String COPY_ID = "chart-menu-copy";

    private final ViewExporter exporter = new ViewExporter();
    private final Supplier<String> host;
    private final Supplier<String> area;
    private final Supplier<ZonedDateTime> time;
    private final FileDialogs dialogs;
    private final TaskRunner runner;
    private final Consumer<String> notice;
    private ContextMenu showing;

    private ChartMenus(Supplier<String> host, Supplier<String> area, Supplier<ZonedDateTime> time, FileDialogs dialogs,
                       TaskRunner runner, Consumer<String> notice) {
        this.host = host;
        this.area = area;
        this.time = time;
        this.dialogs = dialogs;
        this.runner = runner;
        this.notice = notice;
    }

    /**
     * Gives every chart inside {@code container} the menu.
     *
     * @param host   the host the data comes from
     * @param area   the area's label; the view a picture names is this and the chart's title
     * @param time   when the data shown was sampled, on the host's clock face
     * @param notice where to say what happened (saved where, copied, or why not)
     */
    public static ChartMenus install(Node container, Supplier<String> host, Supplier<String> area,
                                     Supplier<ZonedDateTime> time, FileDialogs dialogs, TaskRunner runner,
                                     Consumer<String> notice) {
        ChartMenus menus = new ChartMenus(host, area, time, dialogs, runner, notice);
        EventHandler<ContextMenuEvent> handler = e -> {
            Node picked = e.getPickResult() == null ? null : e.getPickResult().getIntersectedNode();
            XYChart<?, ?> chart = chartAt(picked != null ? picked : e.getTarget() instanceof Node n ? n : null, container);
            if (chart == null) {
                return;
            }
            menus.show(chart, e.getScreenX(), e.getScreenY());
            e.consume();
        };
        container.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, handler);
        // A secondary click opens it too, where the platform sends no context-menu request for one
        // (Monocle, the headless and embedded toolkit, does not). Where it does, the menu is
        // already open for this chart by the time of the click, and the click changes nothing.
        container.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.SECONDARY || e.isConsumed()) {
                return;
            }
            XYChart<?, ?> chart = chartAt(e.getPickResult() == null ? null : e.getPickResult().getIntersectedNode(), container);
            if (chart != null) {
                menus.show(chart, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        return menus;
    }

    /** The chart {@code node} belongs to, up to {@code container}; null when it is not in one. */
    static XYChart<?, ?> chartAt(Node node, Node container) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof XYChart<?, ?> c) {
                return c;
            }
            if (n == container) {
                return null;
            }
        }
        return null;
    }

    /**
     * The view a picture of {@code chart} names: the area and the chart's title ("IPC · Semaphore
     * arrays"), or the title alone when it starts with the area's name already ("Memory (MiB)").
     */
    public String view(XYChart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isBlank()) {
            title = chart.getId() == null ? "chart" : chart.getId();
        }
        String a = area.get();
        title = title.strip();
        if (a == null || a.isBlank() || title.toLowerCase(java.util.Locale.ROOT).startsWith(a.strip().toLowerCase(java.util.Locale.ROOT))) {
            return title;
        }
        return a.strip() + " \u00b7 " + title;
    }

    /** The file name a PNG of {@code chart} is offered under. */
    public String fileName(XYChart<?, ?> chart) {
        return exporter.fileName(host.get(), view(chart), time.get());
    }

    /** The chart, stamped. On the FX thread. */
    public BufferedImage render(XYChart<?, ?> chart) {
        return exporter.render(chart, exporter.stamp(host.get(), view(chart), time.get()));
    }

    private void show(XYChart<?, ?> chart, double screenX, double screenY) {
        if (showing != null) {
            if (showing.isShowing() && showing.getOwnerNode() == chart) {
                return;
            }
            showing.hide();
        }
        MenuItem save = new MenuItem("Save chart as PNG…");
        save.setId(SAVE_ID);
        save.setOnAction(e -> savePng(chart));
        MenuItem copy = new MenuItem("Copy chart to clipboard");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> copy(chart));
        ContextMenu menu = new ContextMenu(save, copy);
        menu.setId(MENU_ID);
        menu.setOnHidden(e -> {
            if (showing == menu) {
                showing = null;
            }
        });
        showing = menu;
        menu.show(chart, screenX, screenY);
    }

    /** Asks where, then writes the stamped PNG in the background. On the FX thread. */
    public void savePng(XYChart<?, ?> chart) {
        FxThread.assertFxThread();
        String name = fileName(chart);
        dialogs.savePng(chart.getScene() == null ? null : chart.getScene().getWindow(), name).ifPresent(file -> {
            BufferedImage image = render(chart);
            runner.run(() -> {
                exporter.write(image, file);
                return file;
            }, f -> notice.accept("Saved " + f + "."),
                    e -> notice.accept("Could not save the PNG: " + sentence(e)), () -> { });
        });
    }

    /** Puts the stamped chart on the clipboard as an image. On the FX thread. */
    public void copy(XYChart<?, ?> chart) {
        FxThread.assertFxThread();
        ClipboardContent content = new ClipboardContent();
        content.putImage(SwingFXUtils.toFXImage(render(chart), null));
        if (Clipboard.getSystemClipboard().setContent(content)) {
            notice.accept("Copied the chart \u201c" + view(chart) + "\u201d to the clipboard.");
        } else {
            notice.accept("Could not copy the chart: the clipboard did not take the image.");
        }
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + "." : m.strip().lines().findFirst().orElse(m);
    }
}
