package io.bedside.ui.fx;

import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter field above an area's main table, the same in every area: Ctrl+F in the window
 * focuses it (it carries {@link #STYLE}), Escape clears it. Areas whose view-model filters its
 * rows bind the field to that; the others filter the table here, by the text of its cells.
 */
public final class TableFilter {
    /** The style class the window finds the current area's filter field by. */
    public static final String STYLE = "bs-table-filter";

    private TableFilter() {
    }

    /** A filter field bound to {@code text}: prompt, id, Escape clears it. */
    public static TextField field(String id, String prompt, StringProperty text) {
        TextField f = field(id, prompt);
        f.textProperty().bindBidirectional(text);
        return f;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(24);
        f.setMinWidth(200);
        f.getStyleClass().add(STYLE);
        f.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !f.getText().isEmpty()) {
                f.clear();
                e.consume();
            }
        });
        return f;
    }

    /**
     * Shows {@code rows} in {@code table} filtered by a new field: a row stays when the text of one
     * of its cells contains what was typed (ignoring case). Sorting by a column header still works.
     *
     * @return the field, to be placed above the table
     */
    public static <R> TextField install(TableView<R> table, ObservableList<R> rows, String id, String prompt) {
        TextField f = field(id, prompt);
        install(table, rows, f);
        return f;
    }

    /** A new filter field, for {@link #install(TableView, ObservableList, TextField)} on several tables. */
    public static TextField newField(String id, String prompt) {
        return field(id, prompt);
    }

    /** As {@link #install(TableView, ObservableList, String, String)}, with a field that may filter other tables too. */
    public static <R> void install(TableView<R> table, ObservableList<R> rows, TextField f) {
        FilteredList<R> filtered = new FilteredList<>(rows);
        f.textProperty().addListener((o, was, now) -> {
            String needle = now == null ? "" : now.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(needle.isEmpty() ? null : r -> cellsText(table, r).contains(needle));
        });
        SortedList<R> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
    }

    /** What a row shows in the table's columns, lower case, one cell after another. */
    static <R> String cellsText(TableView<R> table, R row) {
        StringBuilder b = new StringBuilder();
        for (TableColumn<R, ?> c : leaves(table.getColumns())) {
            var value = c.getCellObservableValue(row);
            if (value != null && value.getValue() != null) {
                b.append(String.valueOf(value.getValue()).toLowerCase(Locale.ROOT)).append('\u0000');
            }
        }
        return b.toString();
    }

    private static <R> List<TableColumn<R, ?>> leaves(List<TableColumn<R, ?>> columns) {
        List<TableColumn<R, ?>> out = new ArrayList<>();
        for (TableColumn<R, ?> c : columns) {
            if (c.getColumns().isEmpty()) {
                out.add(c);
            } else {
                out.addAll(leaves(c.getColumns()));
            }
        }
        return out;
    }

    /**
     * The row above a table: its filter field, then notes (a count, where the times come from)
     * that move to a line of their own when the window is narrow rather than being cut to "…".
     */
    public static FlowPane bar(Node... items) {
        FlowPane bar = new FlowPane(12, 4, items);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setRowValignment(javafx.geometry.VPos.CENTER);
        for (Node n : items) {
            if (n instanceof Label l) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        return bar;
    }
}
