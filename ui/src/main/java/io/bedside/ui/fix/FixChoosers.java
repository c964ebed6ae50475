package io.bedside.ui.fix;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Which {@link FixChooser} a fix's wizard starts with, by fix id. The choosers are contributed
 * ({@link Provider}, listed in {@code META-INF/services}); this registry names none of them, and a
 * fix no one contributes a chooser for shows its proposed change ({@link ProposedChange}).
 */
public final class FixChoosers {
    /** Contributes the choosers of some fixes. */
    public interface Provider {
        /** Makers of choosers, by fix id. */
        Map<String, Function<ChooseContext, FixChooser>> choosers();
    }

    private static final Map<String, Function<ChooseContext, FixChooser>> BY_ID = load();

    private FixChoosers() {
    }

    private static Map<String, Function<ChooseContext, FixChooser>> load() {
        Map<String, Function<ChooseContext, FixChooser>> out = new HashMap<>();
        for (Provider p : ServiceLoader.load(Provider.class, FixChoosers.class.getClassLoader())) {
            p.choosers().forEach((id, f) -> {
                if (out.putIfAbsent(id, f) != null) {
                    throw new IllegalStateException("Two choosers for fix " + id + ".");
                }
            });
        }
        return Map.copyOf(out);
    }

    /** The chooser for {@code ctx.fixId()}. */
    public static FixChooser forFix(ChooseContext ctx) {
        return BY_ID.getOrDefault(ctx.fixId(), ProposedChange::new).apply(ctx);
    }

    /** Whether a fix has a chooser of its own (else its wizard starts with the proposed change). */
    public static boolean hasOwn(String fixId) {
        return BY_ID.containsKey(fixId);
    }
}
