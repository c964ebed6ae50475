package io.bedside.ui.fleet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the fleet view needs from the rest of Bedside: an inventory read from a file (ssh_config,
 * Ansible INI or YAML, a list of host names). The app implements it with its inventory reader
 * and sweep; it is called off the FX thread.
 */
@FunctionalInterface
public interface FleetSweeper {
    /** @throws IOException with one sentence for the operator as its message */
    FleetInventory read(Path file) throws IOException;
}
