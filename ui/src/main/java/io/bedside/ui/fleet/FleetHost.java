package io.bedside.ui.fleet;

/**
 * One host of an inventory, as the fleet view shows it. Both texts come from the inventory file,
 * which may hold anything: the view shows them only through {@code HostText.window}.
 *
 * @param name    its name in the inventory (unique within it)
 * @param address how it is reached, e.g. {@code db-07}, {@code deploy@10.0.0.7:2222 via bastion}
 */
public record FleetHost(String name, String address) {
}
