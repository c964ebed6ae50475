package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the probe section {@code shm-attach}. Sample:
 * <pre>
 * pid=30509 comm=python3 shmkey=0xbb654244 shmid=1
 * pid=4711 comm=php-fpm: pool www shmkey=0x6104e88b shmid=32769
 * unreadable=1
 * </pre>
 * The command name runs up to the last {@code " shmkey="}, so it may contain spaces. {@code shmid}
 * is optional (without it, IPC_PRIVATE segments cannot be told apart).
 */
public final class ShmAttachmentParser {
    static final String SOURCE = "shm-attach";
    private static final Pattern LINE =
            Pattern.compile("^pid=(\\d{1,10}) comm=(.*) shmkey=0x([0-9a-fA-F]{1,8})(?: shmid=(\\d{1,10}))?$");
    private static final Pattern UNREADABLE = Pattern.compile("^unreadable=(\\d{1,10}(?:,\\d{1,10})*)$");

    private ShmAttachmentParser() {
    }

    public static Optional<ShmAttachments> parse(List<String> lines, List<ParseProblem> problems) {
        List<ShmAttachment> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> unreadable = new ArrayList<>();
        String unreadableLine = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher u = UNREADABLE.matcher(line.trim());
            if (u.matches()) {
                try {
                    for (String p : u.group(1).split(",")) {
                        unreadable.add(Integer.parseInt(p));
                    }
                    unreadableLine = line;
                } catch (NumberFormatException e) {
                    problems.add(new ParseProblem(SOURCE, line, "A pid in the unreadable list is out of range."));
                }
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                problems.add(new ParseProblem(SOURCE, line, "Unrecognized shm-attach line."));
                continue;
            }
            try {
                int pid = Integer.parseInt(m.group(1));
                OptionalInt shmid = m.group(4) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(4)));
                int key = IpcKey.parseHex(m.group(3)).orElseThrow();
                if (seen.add(pid + "/" + key + "/" + shmid)) {
                    out.add(new ShmAttachment(pid, m.group(2), key, shmid, line));
                }
            } catch (NumberFormatException e) {
                problems.add(new ParseProblem(SOURCE, line, "A pid or shmid is out of range."));
            }
        }
        return Optional.of(new ShmAttachments(out, unreadable, Optional.ofNullable(unreadableLine)));
    }
}
