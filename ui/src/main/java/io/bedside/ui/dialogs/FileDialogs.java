package io.bedside.ui.dialogs;

import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the window asks for files. The window uses {@link FxFileDialogs}; tests answer with
 * fixed paths, since native file choosers cannot be driven headless.
 */
public interface FileDialogs {

    /** A recording to open. */
    Optional<Path> openRecording(Window owner);

    /** Where to write a new recording. */
    Optional<Path> saveRecording(Window owner, String suggestedName);

    /** Where to write a PNG of a view. */
    Optional<Path> savePng(Window owner, String suggestedName);

    /**
     * The folder to write an incident report into: the operator picks where, and the report gets
     * a new folder named {@code suggestedName} there (report.html, report.md, evidence.json).
     *
     * @return the report's own folder, {@code chosen/suggestedName}; empty when cancelled
     */
    Optional<Path> chooseReportFolder(Window owner, String suggestedName);
}
