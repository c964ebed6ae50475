package io.bedside.model.net;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code net.ipv4.ip_local_reserved_ports}: ports the kernel never picks for a connection's local
 * end, as /proc prints them: {@code 8080,9000-9100}, or an empty line when none.
 *
 * @param ranges the reserved ranges, each {low, high}, in the kernel's order
 */
public record ReservedPorts(List<PortRange> ranges) {
    public static final ReservedPorts NONE = new ReservedPorts(List.of());

    public ReservedPorts {
        ranges = List.copyOf(ranges);
    }

    /** How many ports of {@code range} are reserved. */
    public int within(PortRange range) {
        boolean[] seen = new boolean[range.size()];
        int n = 0;
        for (PortRange r : ranges) {
            for (int p = Math.max(r.low(), range.low()); p <= Math.min(r.high(), range.high()); p++) {
                if (!seen[p - range.low()]) {
                    seen[p - range.low()] = true;
                    n++;
                }
            }
        }
        return n;
    }

    public boolean contains(int port) {
        return ranges.stream().anyMatch(r -> r.contains(port));
    }

    /** {@code 8080,9000-9100}; empty when none. */
    public String text() {
        return String.join(",", ranges.stream().map(r -> r.low() == r.high() ? Integer.toString(r.low())
                : r.low() + "-" + r.high()).toList());
    }

    /**
     * Parses the kernel's list.
     *
     * @throws IllegalArgumentException when an item is not a port or a range of ports
     */
    public static ReservedPorts parse(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return NONE;
        }
        List<PortRange> out = new ArrayList<>();
        for (String item : t.split(",")) {
            int dash = item.indexOf('-');
            String a = dash < 0 ? item : item.substring(0, dash);
            String b = dash < 0 ? item : item.substring(dash + 1);
            if (!PortRange.digits(a) || !PortRange.digits(b)) {
                throw new IllegalArgumentException("'" + item + "' is not a port or a range of ports");
            }
            out.add(new PortRange(Integer.parseInt(a), Integer.parseInt(b)));
        }
        return new ReservedPorts(out);
    }
}
