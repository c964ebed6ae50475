package io.bedside.model.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The OpenSSH-style flags a command line may carry: {@code -F config -p port -l user -i identity
 * -J jump[,jump2] -o Key=Value}.
 */
public record SshOptions(Optional<String> configFile, OptionalInt port, Optional<String> user,
                         List<String> identities, Optional<String> jump, Map<String, String> options) {
    public SshOptions {
        identities = List.copyOf(identities);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static SshOptions none() {
        return new SshOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());
    }

    /** A copy with one more {@code -o Key=Value}. */
    public SshOptions withOption(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new SshOptions(configFile, port, user, identities, jump, o);
    }

    /** The arguments to hand to {@code ssh -G} so it resolves exactly what we would. */
    public List<String> toSshArguments(HostSpec spec) {
        List<String> args = new ArrayList<>();
        configFile.ifPresent(f -> {
            args.add("-F");
            args.add(f);
        });
        OptionalInt p = spec.port().isPresent() ? spec.port() : port;
        if (p.isPresent()) {
            args.add("-p");
            args.add(Integer.toString(p.getAsInt()));
        }
        Optional<String> u = spec.user().isPresent() ? spec.user() : user;
        u.ifPresent(x -> {
            args.add("-l");
            args.add(x);
        });
        for (String i : identities) {
            args.add("-i");
            args.add(i);
        }
        jump.ifPresent(j -> {
            args.add("-J");
            args.add(j);
        });
        options.forEach((k, v) -> {
            args.add("-o");
            args.add(k + "=" + v);
        });
        args.add(spec.host());
        return args;
    }
}
