package io.bedside.ui.fx;

import io.bedside.model.text.HostText;
import javafx.scene.control.TableCell;

/**
 * A table cell for text that may come from the host (names, command lines, paths, units): shown
 * through {@link HostText#window}, so an ESC, a carriage return, a bidi override or a byte that was
 * not UTF-8 reads as {@code \x1b}, {@code \r}, <code>&#92;u202e</code>, {@code \xff} instead of acting.
 */
public class HostTextCell<R> extends TableCell<R, String> {
    /**
     * A label's text bound to a view-model's text that may carry host text (names, units, commands,
     * error details the host printed): each line through {@link HostText#window}.
     */
    public static javafx.beans.binding.StringBinding shown(javafx.beans.value.ObservableValue<String> text) {
        return javafx.beans.binding.Bindings.createStringBinding(() -> lines(text.getValue()), text);
    }

    /** Raw lines (kernel log, probe output) for a monospaced area: each line through {@link HostText#preformatted}. */
    public static String preformattedLines(String text) {
        return text == null ? "" : String.join("\n", java.util.Arrays.stream(text.split("\n", -1)).map(HostText::preformatted).toList());
    }

    /** A text of several lines composed by Bedside around host text: each line through {@link HostText#window}. */
    public static String lines(String text) {
        return text == null ? "" : String.join("\n", java.util.Arrays.stream(text.split("\n", -1)).map(HostText::window).toList());
    }

    @Override
    protected void updateItem(String s, boolean empty) {
        super.updateItem(s, empty);
        setText(empty || s == null ? null : HostText.window(s));
    }
}
