package io.bedside.model.sample;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A list a part's full runs read whole only while something shows it (an area of the window that
 * lists every socket); otherwise the probe reduces it on the host (counts what the rules need) and
 * the sample carries the last one read whole. A session names the lists it wants
 * ({@code SamplingSession.setWantedLists}); every other list a part declares goes into the run's
 * {@code BS_NOLIST}, which the part's probe fragment reads.
 *
 * @param name the word for it in {@code BS_NOLIST} and in an area's wanted lists, such as {@code tcp}:
 *             lower-case letters, digits and dashes (it goes into the probe script unquoted)
 * @param held whether a sample holds the list whole (its own, or one carried to it): only then may
 *             the next full run leave it out; a missing or cut list is read again instead of carried
 */
public record ListOnDemand(String name, Predicate<Sample> held) {
    public ListOnDemand {
        Objects.requireNonNull(held);
        if (name == null || !name.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("a list's name is lower-case letters, digits and dashes: " + name);
        }
    }
}
