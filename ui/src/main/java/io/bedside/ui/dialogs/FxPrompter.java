package io.bedside.ui.dialogs;

import io.bedside.model.text.HostText;
import io.bedside.model.port.Prompter;
import io.bedside.ui.fx.FxThread;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks the operator while connecting, with dialogs over the window. Called from the connecting
 * thread; blocks it until the operator answers. Unknown host keys are never trusted by default:
 * Cancel is the default button. Secrets are handed back as a char array and not kept.
 */
public final class FxPrompter implements Prompter {
    public static final ButtonType TRUST = new ButtonType("Trust and connect", ButtonBar.ButtonData.OTHER);
    public static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Supplier<Window> owner;

    /** @param owner the window the dialogs belong to (may supply null) */
    public FxPrompter(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean acceptUnknownHostKey(String host, String keyType, String fingerprint) {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("Host key prompts block; call them from the connecting thread.");
        }
        return FxThread.callAndWait(() -> hostKeyDialog(host, keyType, fingerprint).showAndWait()
                .filter(b -> b == TRUST).isPresent());
    }

    @Override
    public Optional<char[]> askSecret(String prompt) {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("Secret prompts block; call them from the connecting thread.");
        }
        return FxThread.callAndWait(() -> secretDialog(prompt).showAndWait());
    }

    /** The unknown-host-key dialog; Cancel is the default button. */
    public Dialog<ButtonType> hostKeyDialog(String host, String keyType, String fingerprint) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Unknown host key");
        d.setHeaderText("Bedside has never seen the key of " + host + ".");
        initOwner(d);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(0, new Label("Host"), readOnly(host, "hostkey-host"));
        grid.addRow(1, new Label("Key type"), readOnly(HostText.window(keyType), "hostkey-type"));
        grid.addRow(2, new Label("Fingerprint"), readOnly(fingerprint, "hostkey-fingerprint"));
        Label advice = new Label("Compare the fingerprint with one you obtained from the host's owner, for example "
                + "with ssh-keygen -lf on the host's public key. Trusting it adds the key to your known_hosts; "
                + "if it is not the host you meant, someone may be in between.");
        advice.setWrapText(true);
        advice.setMaxWidth(520);
        VBox box = new VBox(12, grid, advice);
        box.setPadding(new Insets(6, 0, 0, 0));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().setAll(TRUST, CANCEL);
        Button trust = (Button) d.getDialogPane().lookupButton(TRUST);
        trust.setId("hostkey-trust");
        trust.setDefaultButton(false);
        Button cancel = (Button) d.getDialogPane().lookupButton(CANCEL);
        cancel.setId("hostkey-cancel");
        cancel.setDefaultButton(true);
        d.setOnShown(e -> cancel.requestFocus());
        d.setResultConverter(b -> b == null ? CANCEL : b);
        return d;
    }

    /** The secret dialog; the typed text leaves only as a char array and the field is cleared. */
    public Dialog<char[]> secretDialog(String prompt) {
        Dialog<char[]> d = new Dialog<>();
        d.setTitle("Bedside");
        d.setHeaderText(HostText.window(prompt)); // a keyboard-interactive prompt is the server's text
        initOwner(d);
        PasswordField field = new PasswordField();
        field.setId("secret-field");
        field.setPrefColumnCount(28);
        GridPane.setHgrow(field, Priority.ALWAYS);
        d.getDialogPane().setContent(field);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.setOnShown(e -> field.requestFocus());
        d.setResultConverter(b -> {
            char[] secret = b == ButtonType.OK ? field.getText().toCharArray() : null;
            field.clear();
            return secret;
        });
        return d;
    }

    private void initOwner(Dialog<?> d) {
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
        }
        d.initModality(Modality.WINDOW_MODAL);
        if (w != null && w.getScene() != null) {
            d.getDialogPane().getStylesheets().addAll(w.getScene().getStylesheets());
        }
    }

    private static TextField readOnly(String text, String id) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setEditable(false);
        f.setPrefColumnCount(Math.max(12, Math.min(60, text.length())));
        f.getStyleClass().add("bs-mono");
        return f;
    }
}
