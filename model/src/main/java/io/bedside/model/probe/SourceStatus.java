package io.bedside.model.probe;

/** What the probe could say about one source on the host. Never collapsed into "zero". */
public enum SourceStatus {
    /** Read successfully. */
    OK("ok"),
    /** Not present on this host (for example /proc/pressure before kernel 4.20, or switched off). */
    MISSING("missing"),
    /** Present but could not be read even as root. */
    UNREADABLE("unreadable"),
    /** Present but readable only by root; switch on administrative access to see it. */
    NEEDS_ROOT("needs-root"),
    /** The probe reported an error while reading it. */
    ERROR("error"),
    /** The probe output ended before this source (truncated output). */
    NOT_RECEIVED("not-received"),
    /**
     * Not read in this light sample: the probe walks every process only on full samples. A live
     * session keeps the last full sample's reading instead ({@link ProbeOutput#carryForward}); this
     * status is only seen when there was none yet (a recording that starts between full samples).
     */
    SKIPPED("skipped");

    private final String token;

    SourceStatus(String token) {
        this.token = token;
    }

    /** The word the probe prints for this status. */
    public String token() {
        return token;
    }

    /** The status for a probe token; unknown tokens are errors, not "ok". */
    public static SourceStatus fromToken(String token) {
        for (SourceStatus s : values()) {
            if (s.token.equals(token)) {
                return s;
            }
        }
        return ERROR;
    }

    /** A short phrase for the operator, e.g. "needs root". */
    public String describe() {
        return switch (this) {
            case OK -> "ok";
            case MISSING -> "not present on this host";
            case UNREADABLE -> "unreadable";
            case NEEDS_ROOT -> "needs root";
            case ERROR -> "read error";
            case NOT_RECEIVED -> "not received (probe output truncated)";
            case SKIPPED -> "not read yet (read on full samples, every few seconds)";
        };
    }
}
