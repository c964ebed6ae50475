package io.bedside.model.session;

import io.bedside.model.port.HostTransport;
import io.bedside.model.port.TransportException;

/** Opens a connection to the host; called again after a drop to reconnect. */
@FunctionalInterface
public interface TransportFactory {
    HostTransport open() throws TransportException;
}
