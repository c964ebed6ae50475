package io.bedside.app.ssh;

import io.bedside.model.ssh.EffectiveSshConfig;
import io.bedside.model.ssh.HostSpec;
import io.bedside.model.ssh.SshConfigParser;
import io.bedside.model.ssh.SshOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Resolves a host the way OpenSSH does: {@code ssh -G} where an ssh client is installed, else a
 * direct reading of the ssh_config file for the keywords Bedside uses.
 */
public final class SshResolver {
    private final Optional<Path> sshBinary;
    private final String home;
    private final String localUser;

    public SshResolver(Optional<Path> sshBinary, String home, String localUser) {
        this.sshBinary = sshBinary;
        this.home = home;
        this.localUser = localUser;
    }

    /** The resolver for this machine: the ssh client on PATH, if any. */
    public static SshResolver system() {
        Optional<Path> ssh = Optional.empty();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "ssh");
                if (Files.isExecutable(p)) {
                    ssh = Optional.of(p);
                    break;
                }
            }
        }
        return new SshResolver(ssh, System.getProperty("user.home"), System.getProperty("user.name"));
    }

    public Optional<Path> sshBinary() {
        return sshBinary;
    }

    /**
     * @throws IllegalArgumentException with one sentence when the host cannot be resolved
     */
    public EffectiveSshConfig resolve(HostSpec spec, SshOptions options) {
        if (sshBinary.isPresent()) {
            List<String> cmd = new ArrayList<>();
            cmd.add(sshBinary.get().toString());
            cmd.add("-G");
            cmd.addAll(options.toSshArguments(spec));
            try {
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                String out;
                String err;
                try (InputStream in = p.getInputStream(); InputStream e = p.getErrorStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalArgumentException("'ssh -G " + spec.host() + "' did not finish within 10 s.");
                }
                if (p.exitValue() != 0) {
                    String first = err.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit status " + p.exitValue());
                    throw new IllegalArgumentException("ssh could not resolve '" + spec + "': " + first.trim());
                }
                return SshConfigParser.fromSshG(out.lines().toList(), spec.host(), home, localUser);
            } catch (IOException e) {
                // fall through to reading the config ourselves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("Resolving '" + spec + "' was interrupted.");
            }
        }
        Path config = options.configFile().map(Path::of).orElse(Path.of(home, ".ssh", "config"));
        List<String> lines = List.of();
        if (Files.isReadable(config)) {
            try {
                lines = Files.readAllLines(config);
            } catch (IOException e) {
                throw new IllegalArgumentException("Could not read " + config + ": " + e.getMessage());
            }
        } else if (options.configFile().isPresent()) {
            throw new IllegalArgumentException("The ssh config file " + config + " cannot be read.");
        }
        List<String> warnings = new ArrayList<>();
        EffectiveSshConfig c = SshConfigParser.fromConfigFile(lines, spec.host(), home, localUser, warnings);
        // flags override the file, as on OpenSSH's command line
        List<String> overrides = new ArrayList<>();
        spec.port().ifPresent(p -> overrides.add("port " + p));
        if (spec.port().isEmpty()) {
            options.port().ifPresent(p -> overrides.add("port " + p));
        }
        spec.user().or(options::user).ifPresent(u -> overrides.add("user " + u));
        options.jump().ifPresent(j -> overrides.add("proxyjump " + j));
        options.identities().forEach(i -> overrides.add("identityfile " + i));
        options.options().forEach((k, v) -> overrides.add(k.toLowerCase(java.util.Locale.ROOT) + " " + v));
        if (overrides.isEmpty()) {
            return c;
        }
        List<String> merged = new ArrayList<>(overrides);
        merged.add("hostname " + c.hostName());
        merged.add("port " + c.port());
        merged.add("user " + c.user());
        c.identityFiles().forEach(i -> merged.add("identityfile " + i));
        if (!c.proxyJump().isEmpty()) {
            merged.add("proxyjump " + String.join(",", c.proxyJump()));
        }
        merged.add("userknownhostsfile " + String.join(" ", c.userKnownHostsFiles()));
        merged.add("globalknownhostsfile " + String.join(" ", c.globalKnownHostsFiles()));
        merged.add("stricthostkeychecking " + c.strictHostKeyChecking().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        merged.add("hashknownhosts " + (c.hashKnownHosts() ? "yes" : "no"));
        merged.add("serveraliveinterval " + c.serverAliveInterval().toSeconds());
        merged.add("serveralivecountmax " + c.serverAliveCountMax());
        c.connectTimeout().ifPresent(t -> merged.add("connecttimeout " + t.toSeconds()));
        return SshConfigParser.fromSshG(merged, spec.host(), home, localUser);
    }

    /** Host aliases from the ssh_config file, for the connect screen. */
    public List<String> aliases(Optional<String> configFile) {
        Path config = configFile.map(Path::of).orElse(Path.of(home, ".ssh", "config"));
        try {
            return Files.isReadable(config) ? SshConfigParser.aliases(Files.readAllLines(config)) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
