package io.bedside.model.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings OpenSSH would use for one host, after ssh_config, aliases and flags.
 *
 * @param alias                 what the operator typed (host part)
 * @param hostName              the address to connect to
 * @param port                  TCP port
 * @param user                  login user
 * @param identityFiles         identity files, in order (tilde expanded)
 * @param identitiesOnly        use only the identity files, not every agent key
 * @param proxyJump             jump hosts in order, each itself to be resolved; empty for none
 * @param userKnownHostsFiles   user known_hosts files
 * @param globalKnownHostsFiles system known_hosts files
 * @param strictHostKeyChecking yes, ask, accept-new or no
 * @param hashKnownHosts        whether new known_hosts entries are hashed
 * @param serverAliveInterval   keepalive interval; zero when off
 * @param serverAliveCountMax   missed keepalives before the connection is declared dead
 * @param connectTimeout        TCP connect timeout, if set
 * @param identityAgent         the agent socket, if not SSH_AUTH_SOCK ("none" disables)
 */
public record EffectiveSshConfig(String alias, String hostName, int port, String user, List<String> identityFiles,
                                 boolean identitiesOnly, List<String> proxyJump, List<String> userKnownHostsFiles,
                                 List<String> globalKnownHostsFiles, StrictHostKeyChecking strictHostKeyChecking,
                                 boolean hashKnownHosts, Duration serverAliveInterval, int serverAliveCountMax,
                                 Optional<Duration> connectTimeout, Optional<String> identityAgent) {
    public EffectiveSshConfig {
        identityFiles = List.copyOf(identityFiles);
        proxyJump = List.copyOf(proxyJump);
        userKnownHostsFiles = List.copyOf(userKnownHostsFiles);
        globalKnownHostsFiles = List.copyOf(globalKnownHostsFiles);
    }

    /** The name known_hosts uses for this host: {@code host} on port 22, else {@code [host]:port}. */
    public String knownHostsName() {
        return KnownHosts.hostKeyName(hostName, port);
    }

    public enum StrictHostKeyChecking {
        YES, ASK, ACCEPT_NEW, NO;

        /** Parses ssh_config's and {@code ssh -G}'s spellings (yes/true, no/false/off, ask, accept-new). */
        public static StrictHostKeyChecking parse(String v) {
            return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "yes", "true" -> YES;
                case "no", "false", "off" -> NO;
                case "accept-new" -> ACCEPT_NEW;
                default -> ASK;
            };
        }
    }
}
