package io.bedside.model.net;

import io.bedside.model.findings.Rule;

import java.util.List;

/** The network limits playbook's finding ids and rules. */
public final class NetRules {
    public static final String PORTS_EXHAUSTED = "net.ports.exhausted";
    public static final String CONNTRACK_FULL = "net.conntrack.full";
    public static final String LISTEN_OVERFLOW = "net.listen.overflow";

    private NetRules() {
    }

    public static List<Rule> all() {
        return List.of(new PortsExhaustedRule(), new ConntrackFullRule(), new ListenOverflowRule());
    }
}
