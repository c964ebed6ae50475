package io.bedside.app.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One host of an inventory, as Bedside will reach it.
 *
 * @param name    its name in the inventory (what the sweep prints)
 * @param address what ssh connects to: an ssh_config alias, a host name or an address
 *                ({@code ansible_host}, else the name)
 * @param port    {@code ansible_port}
 * @param user    {@code ansible_user}
 * @param jump    a ProxyJump chain from {@code ansible_ssh_common_args} ({@code -J} or {@code -o ProxyJump=})
 * @param options other {@code -o Key=Value} of {@code ansible_ssh_common_args}
 * @param groups  the groups it belongs to, directly or through children
 */
public record Target(String name, String address, OptionalInt port, Optional<String> user, Optional<String> jump,
                     Map<String, String> options, List<String> groups) {
    public Target {
        options = Map.copyOf(options);
        groups = List.copyOf(groups);
    }

    /** A host reached by its name alone (an ssh_config alias, a line of a host list). */
    public static Target named(String name, List<String> groups) {
        return new Target(name, name, OptionalInt.empty(), Optional.empty(), Optional.empty(), Map.of(), groups);
    }
}
