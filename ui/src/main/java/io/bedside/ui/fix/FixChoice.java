package io.bedside.ui.fix;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One orphaned object a removal fix offers, with whether the operator chose it (all are chosen at
 * first). Only orphans are ever offered: an object a live process uses cannot be chosen.
 *
 * @see FixWizardViewModel
 */
public final class FixChoice {
    private final int id;
    private final String keyHex;
    private final long uid;
    private final String owner;
    private final String ownerName;
    private final String size;
    private final String changed;
    private final String reason;
    private final BooleanProperty chosen = new SimpleBooleanProperty(this, "chosen", true);

    /**
     * @param id        semid or shmid
     * @param keyHex    {@code 0x00000000}
     * @param uid       owner uid
     * @param owner     {@code 0 (root)}
     * @param ownerName the owner's name when known, else empty
     * @param size      {@code 2 semaphores}, {@code 8.0 KiB}
     * @param changed   ctime on the host's clock
     * @param reason    why it is orphaned
     */
    FixChoice(int id, String keyHex, long uid, String owner, String ownerName, String size, String changed, String reason) {
        this.id = id;
        this.keyHex = keyHex;
        this.uid = uid;
        this.owner = owner;
        this.ownerName = ownerName;
        this.size = size;
        this.changed = changed;
        this.reason = reason;
    }

    /**
     * Whether a pattern names this row: a glob ({@code *}, {@code ?}) matched whole, case
     * ignored, against the key (with or without {@code 0x}), the owner uid or the owner name.
     */
    boolean matches(Pattern glob) {
        return glob.matcher(keyHex).matches() || glob.matcher(keyHex.substring(2)).matches()
                || glob.matcher(Long.toString(uid)).matches() || (!ownerName.isEmpty() && glob.matcher(ownerName).matches());
    }

    /** A glob as a whole-match, case-insensitive pattern. */
    static Pattern glob(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.trim().toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public int id() { return id; }
    public String keyHex() { return keyHex; }
    public long uid() { return uid; }
    public String owner() { return owner; }
    public String size() { return size; }
    public String changed() { return changed; }
    public String reason() { return reason; }
    public BooleanProperty chosenProperty() { return chosen; }
    public boolean isChosen() { return chosen.get(); }

    /** One line naming the row: {@code semid 4 · key 0x00000000 · owner 0 (root) · 1 semaphore}. */
    public String describe(String idName) {
        return String.format(Locale.ROOT, "%s %d · key %s · owner %s · %s", idName, id, keyHex, owner, size);
    }
}
