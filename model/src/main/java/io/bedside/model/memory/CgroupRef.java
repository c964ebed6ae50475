package io.bedside.model.memory;

import java.util.Optional;

/**
 * A cgroup in one hierarchy: the unified one (v2) or the v1 hierarchy of the memory controller.
 * Printed by the probe as {@code v2:/system.slice/nginx.service} or {@code v1:/docker/4f1a...}.
 *
 * @param version 1 or 2
 * @param path    the path inside the hierarchy, starting with {@code /}
 */
public record CgroupRef(int version, String path) {
    public CgroupRef {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("cgroup version " + version);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("cgroup path '" + path + "' does not start with /");
        }
    }

    /** {@code v2:/a/b} (unescaped), or empty when it is not of that form. */
    public static Optional<CgroupRef> parse(String token) {
        if (token.length() < 4 || token.charAt(0) != 'v' || token.charAt(2) != ':'
                || (token.charAt(1) != '1' && token.charAt(1) != '2') || token.charAt(3) != '/') {
            return Optional.empty();
        }
        return Optional.of(new CgroupRef(token.charAt(1) - '0', token.substring(3)));
    }

    /** The parent cgroup, empty for the root. */
    public Optional<CgroupRef> parent() {
        if (path.equals("/")) {
            return Optional.empty();
        }
        int i = path.lastIndexOf('/');
        return Optional.of(new CgroupRef(version, i == 0 ? "/" : path.substring(0, i)));
    }

    /** Whether this is {@code other} or lies below it in the same hierarchy. */
    public boolean within(CgroupRef other) {
        if (version != other.version) {
            return false;
        }
        return other.path.equals("/") || path.equals(other.path) || path.startsWith(other.path + "/");
    }

    @Override
    public String toString() {
        return "v" + version + ":" + path;
    }
}
