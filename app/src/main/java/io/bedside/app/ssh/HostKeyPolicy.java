package io.bedside.app.ssh;

import io.bedside.model.port.Prompter;
import io.bedside.model.ssh.EffectiveSshConfig;
import io.bedside.model.ssh.EffectiveSshConfig.StrictHostKeyChecking;
import io.bedside.model.ssh.KnownHosts;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks one hop's host key against its known_hosts files. A changed or revoked key is refused,
 * always, and known_hosts is left untouched. An unknown key is offered to the operator (window),
 * accepted under StrictHostKeyChecking accept-new or no, and refused otherwise with the fingerprint.
 */
final class HostKeyPolicy implements HostKeyVerifier {
    private final EffectiveSshConfig config;
    private final Prompter prompter;
    private volatile String refusal;

    HostKeyPolicy(EffectiveSshConfig config, Prompter prompter) {
        this.config = config;
        this.prompter = prompter;
    }

    /** Why the key was refused, in one sentence; null when it was not. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        String type = KeyType.fromKey(key).toString();
        String name = config.knownHostsName();
        KnownHosts known = load();
        KnownHosts.Verdict v = known.verify(name, type, blob);
        if (v instanceof KnownHosts.Verdict.Trusted) {
            return true;
        }
        if (v instanceof KnownHosts.Verdict.Revoked r) {
            refusal = "The host key of " + name + " (" + r.fingerprint() + ") is marked @revoked in "
                    + r.entry().file() + ":" + r.entry().lineNumber() + "; refusing to connect.";
            return false;
        }
        if (v instanceof KnownHosts.Verdict.Changed c) {
            String was = c.known().stream()
                    .map(e -> KnownHosts.fingerprint(e) + " (" + e.file() + ":" + e.lineNumber() + ")")
                    .collect(Collectors.joining(", "));
            refusal = "The host key of " + name + " has CHANGED: the host offers " + c.fingerprint()
                    + " but known_hosts has " + was + "; refusing to connect (known_hosts was not modified).";
            return false;
        }
        KnownHosts.Verdict.Unknown u = (KnownHosts.Verdict.Unknown) v;
        StrictHostKeyChecking strict = config.strictHostKeyChecking();
        boolean accept;
        if (strict == StrictHostKeyChecking.ACCEPT_NEW || strict == StrictHostKeyChecking.NO) {
            accept = true;
        } else if (strict == StrictHostKeyChecking.YES) {
            accept = false;
        } else {
            accept = prompter.acceptUnknownHostKey(name, type, u.fingerprint());
        }
        if (!accept) {
            refusal = "The host key of " + name + " is not known (" + type + " " + u.fingerprint()
                    + "); verify the fingerprint and accept it in the window, or add it to known_hosts.";
            return false;
        }
        try {
            append(KnownHosts.lineFor(name, type, blob, config.hashKnownHosts()));
        } catch (IOException e) {
            refusal = "Could not add the host key of " + name + " to known_hosts: " + e.getMessage();
            return false;
        }
        return true;
    }

    private KnownHosts load() {
        List<KnownHosts> parts = new ArrayList<>();
        List<String> files = new ArrayList<>(config.userKnownHostsFiles());
        files.addAll(config.globalKnownHostsFiles());
        for (String f : files) {
            Path p = Path.of(f);
            if (Files.isReadable(p)) {
                try {
                    parts.add(KnownHosts.parse(f, Files.readAllLines(p, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    // an unreadable file contributes nothing; the verdict is then "unknown", never "trusted"
                }
            }
        }
        return KnownHosts.join(parts);
    }

    private void append(String line) throws IOException {
        if (config.userKnownHostsFiles().isEmpty() || config.userKnownHostsFiles().get(0).equals("/dev/null")) {
            return;
        }
        Path p = Path.of(config.userKnownHostsFiles().get(0));
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        String prefix = "";
        if (Files.exists(p) && Files.size(p) > 0) {
            byte[] all = Files.readAllBytes(p);
            if (all[all.length - 1] != '\n') {
                prefix = "\n";
            }
        }
        Files.writeString(p, prefix + line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        List<String> out = new ArrayList<>();
        KnownHosts known = load();
        for (KnownHosts.Entry e : known.entries()) {
            if (!e.marker().isEmpty()) {
                continue;
            }
            if (known.verify(config.knownHostsName(), e.keyType(), java.util.Base64.getDecoder().decode(e.keyBase64()))
                    instanceof KnownHosts.Verdict.Trusted && !out.contains(e.keyType())) {
                out.add(e.keyType());
            }
        }
        return out;
    }
}
