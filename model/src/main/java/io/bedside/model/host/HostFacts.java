package io.bedside.model.host;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Facts about the host: who it is and what it runs. Fields the host did not report are empty.
 *
 * @param hostname      /proc/sys/kernel/hostname
 * @param kernel        /proc/sys/kernel/osrelease, e.g. {@code 5.14.0-362.el9.x86_64}
 * @param machine       {@code uname -m}, e.g. {@code x86_64} (signal numbers depend on it)
 * @param distribution  PRETTY_NAME from /etc/os-release
 * @param cpusOnline    number of online CPUs from /sys/devices/system/cpu/online
 * @param timezone      the host's zone abbreviation and offset, e.g. {@code CET+0100}
 * @param timezoneName  the zone name, e.g. {@code Europe/Berlin}, when the host names it
 * @param user          the user the probe ran as
 * @param uid           that user's uid
 * @param bootTime      btime from /proc/stat
 * @param uptimeSeconds first field of /proc/uptime
 */
public record HostFacts(String hostname, String kernel, Optional<String> machine, Optional<String> distribution,
                        OptionalInt cpusOnline, Optional<String> timezone, Optional<String> timezoneName,
                        Optional<String> user, OptionalInt uid, Optional<Instant> bootTime,
                        Optional<Double> uptimeSeconds) {

    public boolean isRoot() {
        return uid.isPresent() && uid.getAsInt() == 0;
    }

    /**
     * The user names a sample tells, by uid: root, and the user the probe ran as when the host said
     * who that is. Raw host text (a user name): escape it for the medium.
     */
    public static java.util.Map<Long, String> userNames(Optional<HostFacts> facts) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        names.put(0L, "root");
        facts.ifPresent(f -> {
            if (f.uid().isPresent() && f.user().isPresent() && !f.user().get().isBlank()) {
                names.put((long) f.uid().getAsInt(), f.user().get().trim());
            }
        });
        return names;
    }
}
