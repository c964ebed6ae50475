package io.bedside.model.net;

/**
 * {@code net.ipv4.ip_local_port_range}: the ports the kernel picks from for a connection's local
 * end when the application did not bind one. /proc prints it as {@code 32768<TAB>60999}.
 *
 * @param low  its first port
 * @param high its last port
 */
public record PortRange(int low, int high) {
    public PortRange {
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("'" + low + " " + high + "' is not a port range");
        }
    }

    public int size() {
        return high - low + 1;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** As sysctl takes it: {@code 32768 60999}. */
    public String text() {
        return low + " " + high;
    }

    /** As /proc prints it: tab-separated. */
    public String proc() {
        return low + "\t" + high;
    }

    /**
     * Parses {@code 32768<TAB>60999} (any blanks between).
     *
     * @throws IllegalArgumentException when it is not two ports, low before high
     */
    public static PortRange parse(String s) {
        String[] w = s.trim().split("[ \t]+");
        if (w.length != 2 || !digits(w[0]) || !digits(w[1])) {
            throw new IllegalArgumentException("'" + s + "' is not two port numbers");
        }
        return new PortRange(Integer.parseInt(w[0]), Integer.parseInt(w[1]));
    }

    static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
