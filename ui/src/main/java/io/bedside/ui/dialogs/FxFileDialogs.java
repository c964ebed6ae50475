package io.bedside.ui.dialogs;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** File choosers that remember the last folder used. */
public final class FxFileDialogs implements FileDialogs {
    private static final FileChooser.ExtensionFilter RECORDINGS =
            new FileChooser.ExtensionFilter("Bedside recordings", "*.bedside", "*.json", "*.json.gz", "*.bedside.gz");
    private static final FileChooser.ExtensionFilter ALL = new FileChooser.ExtensionFilter("All files", "*");
    private static final FileChooser.ExtensionFilter PNG = new FileChooser.ExtensionFilter("PNG images", "*.png");

    private Path lastFolder = Path.of(System.getProperty("user.home"));

    @Override
    public Optional<Path> openRecording(Window owner) {
        FileChooser c = chooser("Open recording");
        c.getExtensionFilters().setAll(ALL, RECORDINGS);
        return remember(c.showOpenDialog(owner));
    }

    @Override
    public Optional<Path> saveRecording(Window owner, String suggestedName) {
        FileChooser c = chooser("Record to");
        c.setInitialFileName(suggestedName);
        return remember(c.showSaveDialog(owner));
    }

    @Override
    public Optional<Path> savePng(Window owner, String suggestedName) {
        FileChooser c = chooser("Export view as PNG");
        c.getExtensionFilters().setAll(PNG);
        c.setInitialFileName(suggestedName);
        return remember(c.showSaveDialog(owner));
    }

    @Override
    public Optional<Path> chooseReportFolder(Window owner, String suggestedName) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Where to write " + suggestedName);
        if (Files.isDirectory(lastFolder)) {
            c.setInitialDirectory(lastFolder.toFile());
        }
        File chosen = c.showDialog(owner);
        if (chosen == null) {
            return Optional.empty();
        }
        lastFolder = chosen.toPath();
        return Optional.of(chosen.toPath().resolve(suggestedName));
    }

    private FileChooser chooser(String title) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        if (Files.isDirectory(lastFolder)) {
            c.setInitialDirectory(lastFolder.toFile());
        }
        return c;
    }

    private Optional<Path> remember(File f) {
        if (f == null) {
            return Optional.empty();
        }
        Path p = f.toPath();
        if (p.getParent() != null) {
            lastFolder = p.getParent();
        }
        return Optional.of(p);
    }
}
