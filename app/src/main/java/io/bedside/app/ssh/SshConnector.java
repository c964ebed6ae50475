package io.bedside.app.ssh;

import io.bedside.model.port.Prompter;
import io.bedside.model.port.TransportException.Kind;
import io.bedside.model.ssh.EffectiveSshConfig;
import io.bedside.model.ssh.HostSpec;
import io.bedside.model.ssh.SshOptions;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.ChallengeResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens an authenticated sshj connection the OpenSSH way: ProxyJump chains of any length (every
 * hop's host key checked against its own known_hosts), keys from the config and the default ones,
 * the ssh-agent, keyboard-interactive and password. Keepalive is set before connecting, so a host
 * that stops answering is noticed within 15 s.
 */
public final class SshConnector {
    /** Keepalive: a request every 3 s; sshj gives up when the 4th check finds 3 unanswered (about 12 s, within 15 s). */
    static final Duration KEEPALIVE = Duration.ofSeconds(3);
    static final int KEEPALIVE_MAX = 3;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final SshResolver resolver;

    public SshConnector(SshResolver resolver) {
        this.resolver = resolver;
    }

    /** A connected chain: the last client talks to the target; the others are the jump hosts. */
    public record Chain(List<SSHClient> clients, EffectiveSshConfig config) {
        public SSHClient target() {
            return clients.get(clients.size() - 1);
        }

        public void close() {
            for (int i = clients.size() - 1; i >= 0; i--) {
                try {
                    clients.get(i).disconnect();
                } catch (IOException | RuntimeException e) {
                    // closing: nothing more to do
                }
            }
        }
    }

    public EffectiveSshConfig resolve(String hostText, SshOptions options) {
        return resolver.resolve(HostSpec.parse(hostText), options);
    }

    public Chain connect(String hostText, SshOptions options, Prompter prompter) throws io.bedside.model.port.TransportException {
        EffectiveSshConfig target = resolve(hostText, options);
        List<EffectiveSshConfig> hops = new ArrayList<>();
        SshOptions hopOptions = new SshOptions(options.configFile(), java.util.OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), options.options());
        for (String j : target.proxyJump()) {
            hops.add(resolver.resolve(HostSpec.parse(j), hopOptions));
        }
        hops.add(target);
        List<SSHClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < hops.size(); i++) {
                EffectiveSshConfig hop = hops.get(i);
                SSHClient c = newClient(hop);
                HostKeyPolicy keys = new HostKeyPolicy(hop, prompter);
                c.addHostKeyVerifier(keys);
                try {
                    if (i == 0) {
                        c.connect(hop.hostName(), hop.port());
                    } else {
                        c.connectVia(clients.get(i - 1).newDirectConnection(hop.hostName(), hop.port()));
                    }
                } catch (net.schmizz.sshj.transport.TransportException e) {
                    if (keys.refusal() != null) {
                        throw new io.bedside.model.port.TransportException(Kind.HOST_KEY, keys.refusal(), e);
                    }
                    throw failure(hop, e, i > 0);
                } catch (IOException e) {
                    throw failure(hop, e, i > 0);
                }
                clients.add(c);
                authenticate(c, hop, prompter);
            }
            return new Chain(clients, target);
        } catch (io.bedside.model.port.TransportException | RuntimeException e) {
            new Chain(clients.isEmpty() ? List.of(new SSHClient()) : clients, target).close();
            throw e;
        }
    }

    private static SSHClient newClient(EffectiveSshConfig hop) {
        DefaultConfig cfg = new DefaultConfig();
        cfg.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(cfg);
        c.setSocketFactory(new NoDelaySocketFactory());
        Duration interval = hop.serverAliveInterval().isZero() || hop.serverAliveInterval().compareTo(KEEPALIVE) > 0
                ? KEEPALIVE : hop.serverAliveInterval();
        KeepAlive ka = c.getConnection().getKeepAlive();
        ka.setKeepAliveInterval((int) interval.toSeconds());
        if (ka instanceof KeepAliveRunner r) {
            r.setMaxAliveCount(Math.min(KEEPALIVE_MAX, Math.max(1, hop.serverAliveCountMax())));
        }
        c.setConnectTimeout((int) hop.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT).toMillis());
        c.setTimeout((int) Duration.ofSeconds(30).toMillis());
        return c;
    }

    private static io.bedside.model.port.TransportException failure(EffectiveSshConfig hop, IOException e, boolean viaJump) {
        String where = hop.alias().equals(hop.hostName()) ? hop.hostName() + ":" + hop.port()
                : hop.alias() + " (" + hop.hostName() + ":" + hop.port() + ")";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why;
        if (root instanceof UnknownHostException) {
            why = "the name does not resolve";
        } else if (root instanceof ConnectException) {
            why = "the connection was refused";
        } else if (root instanceof NoRouteToHostException) {
            why = "there is no route to it";
        } else if (root instanceof SocketTimeoutException) {
            why = "it did not answer in time";
        } else if (viaJump && root.getMessage() != null && root.getMessage().contains("open failed")) {
            why = "the jump host could not open a connection to it";
        } else {
            why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        return new io.bedside.model.port.TransportException(Kind.UNREACHABLE,
                "Could not connect to " + where + ": " + why + ".", e);
    }

    private static void authenticate(SSHClient c, EffectiveSshConfig hop, Prompter prompter)
            throws io.bedside.model.port.TransportException {
        List<AuthMethod> methods = new ArrayList<>();
        Set<String> seenBlobs = new HashSet<>();
        List<String> idFiles = hop.identityFiles().stream().filter(f -> Files.isReadable(Path.of(f))).toList();
        Set<String> filePubs = new HashSet<>();
        for (String f : idFiles) {
            Path pub = Path.of(f + ".pub");
            if (Files.isReadable(pub)) {
                try {
                    String[] parts = Files.readString(pub).trim().split("\\s+");
                    if (parts.length >= 2) {
                        filePubs.add(parts[1]);
                    }
                } catch (IOException e) {
                    // no public half: the key file itself is tried
                }
            }
        }
        Optional<AgentClient> agent = AgentClient.locate(hop.identityAgent());
        if (agent.isPresent()) {
            try {
                for (AgentClient.Identity id : agent.get().identities()) {
                    String b64 = java.util.Base64.getEncoder().encodeToString(id.blob());
                    if (hop.identitiesOnly() && !filePubs.contains(b64)) {
                        continue;
                    }
                    if (seenBlobs.add(b64)) {
                        methods.add(new AgentAuthMethod(agent.get(), id));
                    }
                }
            } catch (IOException e) {
                // an agent that does not answer is skipped; the key files follow
            }
        }
        for (String f : idFiles) {
            try {
                KeyProvider kp = c.loadKeys(f, new PromptingPasswordFinder(prompter, "Passphrase for key " + f + ":"));
                String pubB64 = filePubs.isEmpty() ? null : readPub(f);
                if (pubB64 != null && seenBlobs.contains(pubB64)) {
                    continue;
                }
                methods.add(new AuthPublickey(kp));
            } catch (IOException e) {
                // not a key sshj can read: skip it, as ssh does
            }
        }
        String who = hop.user() + "@" + hop.alias();
        methods.add(new AuthKeyboardInteractive(new PromptingChallenges(prompter, who)));
        methods.add(new AuthPassword(new PromptingPasswordFinder(prompter, "Password for " + who + ":")));
        try {
            c.auth(hop.user(), methods);
        } catch (UserAuthException e) {
            String cause = e.getCause() != null && e.getCause().getMessage() != null
                    && e.getCause().getMessage().toLowerCase(java.util.Locale.ROOT).contains("passphrase")
                    ? " (a key's passphrase was wrong)" : "";
            throw new io.bedside.model.port.TransportException(Kind.AUTH,
                    "Authentication as " + hop.user() + " on " + hop.alias() + " failed: no key, agent identity or password was accepted"
                            + cause + ".", e);
        } catch (net.schmizz.sshj.transport.TransportException e) {
            throw new io.bedside.model.port.TransportException(Kind.DISCONNECTED,
                    "The connection to " + hop.alias() + " dropped during authentication.", e);
        }
    }

    private static String readPub(String f) {
        try {
            String[] parts = Files.readString(Path.of(f + ".pub")).trim().split("\\s+");
            return parts.length >= 2 ? parts[1] : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks the operator for a passphrase or password; never stores it. Asks once per resource. */
    private static final class PromptingPasswordFinder implements PasswordFinder {
        private final Prompter prompter;
        private final String prompt;
        private boolean asked;

        PromptingPasswordFinder(Prompter prompter, String prompt) {
            this.prompter = prompter;
            this.prompt = prompt;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            if (asked) {
                return null;
            }
            asked = true;
            return prompter.askSecret(prompt).orElse(null);
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }

    private static final class PromptingChallenges implements ChallengeResponseProvider {
        private final Prompter prompter;
        private final String who;
        private int asked;

        PromptingChallenges(Prompter prompter, String who) {
            this.prompter = prompter;
            this.who = who;
        }

        @Override
        public List<String> getSubmethods() {
            return List.of();
        }

        @Override
        public void init(Resource resource, String name, String instruction) {
        }

        @Override
        public char[] getResponse(String prompt, boolean echo) {
            if (asked++ > 3) {
                return null;
            }
            return prompter.askSecret(who + " — " + prompt.trim()).orElse(null);
        }

        @Override
        public boolean shouldRetry() {
            return false;
        }
    }

}
