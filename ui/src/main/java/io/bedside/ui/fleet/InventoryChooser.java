package io.bedside.ui.fleet;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the window asks for an inventory file. The window uses {@link #files()}, a file chooser
 * that starts in ~/.ssh the first time; tests answer with a fixed path, since native choosers
 * cannot be driven headless.
 */
@FunctionalInterface
public interface InventoryChooser {
    Optional<Path> choose(Window owner);

    /** A native file chooser that remembers the last folder. */
    static InventoryChooser files() {
        Path[] last = {Path.of(System.getProperty("user.home"), ".ssh")};
        return owner -> {
            FileChooser c = new FileChooser();
            c.setTitle("Open an inventory: ssh_config, Ansible inventory (INI or YAML) or a list of hosts");
            if (Files.isDirectory(last[0])) {
                c.setInitialDirectory(last[0].toFile());
            } else if (Files.isDirectory(Path.of(System.getProperty("user.home")))) {
                c.setInitialDirectory(new File(System.getProperty("user.home")));
            }
            File f = c.showOpenDialog(owner);
            if (f == null) {
                return Optional.empty();
            }
            if (f.toPath().getParent() != null) {
                last[0] = f.toPath().getParent();
            }
            return Optional.of(f.toPath());
        };
    }
}
