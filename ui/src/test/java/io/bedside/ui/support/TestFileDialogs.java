package io.bedside.ui.support;

import io.bedside.ui.dialogs.FileDialogs;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/** Answers file dialogs with files in a fixed folder: native choosers cannot be driven headless. */
public final class TestFileDialogs implements FileDialogs {
    private final Path folder;
    public volatile Path openAnswer;
    /** The folder a report is written into (its own folder, as FxFileDialogs returns it); null: cancelled. */
    public volatile Path reportAnswer;
    /** The names suggested: the last one asked with. */
    public volatile String lastSuggestedPng;
    public volatile String lastSuggestedReport;

    public TestFileDialogs(Path folder) {
        this.folder = folder;
    }

    @Override
    public Optional<Path> openRecording(Window owner) {
        return Optional.ofNullable(openAnswer);
    }

    @Override
    public Optional<Path> saveRecording(Window owner, String suggestedName) {
        return Optional.of(folder.resolve(suggestedName));
    }

    @Override
    public Optional<Path> savePng(Window owner, String suggestedName) {
        lastSuggestedPng = suggestedName;
        return Optional.of(folder.resolve(suggestedName));
    }

    @Override
    public Optional<Path> chooseReportFolder(Window owner, String suggestedName) {
        lastSuggestedReport = suggestedName;
        return Optional.ofNullable(reportAnswer).map(p -> p.resolve(suggestedName));
    }
}
