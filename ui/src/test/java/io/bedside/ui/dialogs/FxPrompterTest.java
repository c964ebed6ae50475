package io.bedside.ui.dialogs;

import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.Screenshots;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connecting thread asks; the operator answers in a dialog. */
@ExtendWith(ApplicationExtension.class)
class FxPrompterTest {
    static {
        FxTestSupport.configureHeadlessScreen();
    }

    private static final String FP = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 900, 600));
        stage.show();
    }

    private static Optional<Window> dialogWindow() {
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane).findFirst();
    }

    @Test
    void unknownHostKeyIsNotTrustedByDefault(FxRobot robot) throws Exception {
        FxPrompter prompter = new FxPrompter(() -> stage);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> prompter.acceptUnknownHostKey("db-07", "ssh-ed25519", FP));
        waitFor("the host key dialog", 10_000, () -> dialogWindow().isPresent());
        Window dialog = onFx(() -> dialogWindow().orElseThrow());
        assertEquals(FP, robot.lookup("#hostkey-fingerprint").queryTextInputControl().getText());
        assertEquals("ssh-ed25519", robot.lookup("#hostkey-type").queryTextInputControl().getText());
        Button cancel = robot.lookup("#hostkey-cancel").queryButton();
        Button trust = robot.lookup("#hostkey-trust").queryButton();
        assertTrue(cancel.isDefaultButton());
        assertFalse(trust.isDefaultButton());
        Screenshots.take(dialog.getScene(), "hostkey-dialog");

        robot.type(KeyCode.ENTER);
        assertFalse(answer.get(10, TimeUnit.SECONDS), "Enter means Cancel");
    }

    @Test
    void trustingTakesAClick(FxRobot robot) throws Exception {
        FxPrompter prompter = new FxPrompter(() -> stage);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> prompter.acceptUnknownHostKey("db-07", "ssh-ed25519", FP));
        waitFor("the host key dialog", 10_000, () -> dialogWindow().isPresent());
        robot.clickOn("#hostkey-trust");
        assertTrue(answer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void secretComesBackAsCharsAndTheFieldIsCleared(FxRobot robot) throws Exception {
        FxPrompter prompter = new FxPrompter(() -> stage);
        CompletableFuture<Optional<char[]>> answer = CompletableFuture.supplyAsync(
                () -> prompter.askSecret("Passphrase for /home/ops/.ssh/id_ed25519:"));
        waitFor("the secret dialog", 10_000, () -> dialogWindow().isPresent());
        PasswordField field = robot.lookup("#secret-field").queryAs(PasswordField.class);
        Screenshots.take(onFx(() -> dialogWindow().orElseThrow()).getScene(), "secret-dialog");
        robot.clickOn(field).write("s3cret").type(KeyCode.ENTER);
        assertArrayEquals("s3cret".toCharArray(), answer.get(10, TimeUnit.SECONDS).orElseThrow());
        assertEquals("", onFx(() -> field.getText()));
    }
}
