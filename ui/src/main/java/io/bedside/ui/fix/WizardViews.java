package io.bedside.ui.fix;

import io.bedside.model.fix.Change;
import io.bedside.model.text.HostText;
import io.bedside.ui.fx.HostTextCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Pieces the wizard's pages share: summary lines, a plan's changes old and new, wrapping labels, table columns. */
public final class WizardViews {
    private WizardViews() {
    }

    /** Lines of a plan's summary: indented lines as code. */
    public static VBox linesBox(ObservableList<String> lines) {
        VBox box = new VBox(4);
        Runnable fill = () -> {
            List<Node> nodes = new ArrayList<>();
            for (String line : lines) {
                Label l = new Label(HostText.window(line));
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                if (line.startsWith(" ")) {
                    l.getStyleClass().add("bs-mono");
                }
                nodes.add(l);
            }
            box.getChildren().setAll(nodes);
        };
        lines.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        return box;
    }

    /** A plan's changes, each its old line and its new line, large and coloured; hidden when it has none. */
    public static VBox changesBox(ObservableList<Change> changes) {
        VBox box = new VBox(4);
        Runnable fill = () -> {
            List<Node> nodes = new ArrayList<>();
            for (Change c : changes) {
                nodes.add(changeLine(c.oldLine(), "bs-line-old"));
                nodes.add(changeLine(c.newLine(), "bs-line-new"));
            }
            box.getChildren().setAll(nodes);
        };
        changes.addListener((ListChangeListener<Change>) c -> fill.run());
        fill.run();
        box.getStyleClass().add("bs-old-new");
        box.visibleProperty().bind(Bindings.isNotEmpty(changes));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static Label changeLine(String text, String style) {
        Label l = new Label(HostText.window(text));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll("bs-mono", style);
        return l;
    }

    /**
     * Makes a label in a list cell wrap to the cell's width: its preferred width follows the
     * cell's (less {@code less}), so its preferred height counts every line and nothing is cut.
     */
    static void wrap(Label l, Region box, double less) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.prefWidthProperty().bind(box.maxWidthProperty().subtract(less));
        l.maxWidthProperty().bind(l.prefWidthProperty());
    }

    static <R> TableColumn<R, String> textCol(String title, Function<R, String> f, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setEditable(false);
        c.setCellFactory(x -> new HostTextCell<>());
        return c;
    }
}
