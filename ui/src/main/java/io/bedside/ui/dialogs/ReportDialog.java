package io.bedside.ui.dialogs;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.function.Consumer;

/**
 * Asks before an incident report is written: what it will contain, and whether host names,
 * addresses and user names are to be redacted (for a ticket that leaves the team). The folder
 * is chosen next, with {@link FileDialogs#chooseReportFolder}. Not blocking: the answer goes to a
 * callback, so the window keeps painting (and tests can drive it).
 */
public final class ReportDialog {
    public static final ButtonType CHOOSE = new ButtonType("Choose folder…", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private ReportDialog() {
    }

    /**
     * @param what    one sentence on what the report covers, e.g. "The 42 samples of the live session of db-07."
     * @param onRedact receives the redact choice when the operator goes on; not called on Cancel
     */
    public static Dialog<Boolean> show(Window owner, String what, Consumer<Boolean> onRedact) {
        Dialog<Boolean> d = new Dialog<>();
        d.setTitle("Export report");
        d.setHeaderText("Export an incident report");
        if (owner != null) {
            d.initOwner(owner);
            if (owner.getScene() != null) {
                d.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
            }
        }
        d.initModality(Modality.WINDOW_MODAL);
        Label covers = new Label(what);
        covers.setId("report-covers");
        covers.setWrapText(true);
        Label files = new Label("Bedside writes report.html, report.md and evidence.json into a new folder in the place "
                + "you choose next.");
        files.setWrapText(true);
        CheckBox redact = new CheckBox("Redact host names, addresses and user names");
        redact.setId("report-redact");
        Label redactNote = new Label("For a report that leaves your team: they are replaced throughout the three files.");
        redactNote.getStyleClass().add("bs-muted");
        redactNote.setWrapText(true);
        VBox box = new VBox(10, covers, files, redact, redactNote);
        box.setPadding(new Insets(6, 0, 0, 0));
        box.setPrefWidth(460);
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().setAll(CHOOSE, CANCEL);
        Button choose = (Button) d.getDialogPane().lookupButton(CHOOSE);
        choose.setId("report-choose-folder");
        Button cancel = (Button) d.getDialogPane().lookupButton(CANCEL);
        cancel.setId("report-cancel");
        d.setResultConverter(b -> b == CHOOSE ? redact.isSelected() : null);
        d.setOnHidden(e -> {
            Boolean r = d.getResult();
            if (r != null) {
                onRedact.accept(r);
            }
        });
        d.show();
        return d;
    }
}
