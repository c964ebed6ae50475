package io.bedside.model.findings;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owns a thing on the host: a uid, and its user name where the sample names it. Shown one way
 * everywhere ({@link #show()}: "1000 (alice)", or "48" when no name is known); redaction takes
 * {@link #name()} from it instead of reading the shown text back.
 *
 * @param uid  the numeric user id, as the kernel gives it
 * @param name the user name, raw host text; empty when the sample does not name the uid
 */
public record Owner(long uid, Optional<String> name) {
    public Owner {
        Objects.requireNonNull(name);
        name = name.filter(n -> !n.isBlank());
    }

    /** The owner of {@code uid}, named from {@code names} (uid to user name, as a sample gives them). */
    public static Owner of(long uid, Map<Long, String> names) {
        return new Owner(uid, Optional.ofNullable(names.get(uid)));
    }

    /** "1000 (alice)", or the bare uid when its name is not known. Raw host text: escape it for the medium. */
    public String show() {
        return name.map(n -> uid + " (" + n + ")").orElse(Long.toString(uid));
    }

    /** As {@link #show()}, so an owner in a string joins as it is shown. */
    @Override
    public String toString() {
        return show();
    }
}
