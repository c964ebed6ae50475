package io.bedside.model.ipc;

import io.bedside.model.probe.WireText;
import java.util.OptionalLong;
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
 * Parses the probe section {@code shm-attach}. Sample (probe version 2):
 * <pre>
 * self ipcns=4026531839
 * pid=30509 shmkey=0xbb654244 shmid=1 ipcns=4026531839 comm=python3
 * pid=4711 shmkey=0x6104e88b shmid=32769 ipcns=4026532201 comm=php-fpm:\x20pool www
 * unreadable=1
 * </pre>
 * The command name is last and escaped ({@link WireText}). A mapping of a process in another IPC
 * namespace than the probe's goes to {@link ShmAttachments#elsewhere()}: segment ids repeat across
 * namespaces. Version 1 lines ({@code pid=30509 comm=python3 shmkey=0xbb654244 shmid=1}, the
 * name up to the last {@code " shmkey="}) still parse, without namespaces. {@code shmid} is
 * optional there (without it, IPC_PRIVATE segments cannot be told apart).
 */
public final class ShmAttachmentParser {
    static final String SOURCE = "shm-attach";
    private static final Pattern LINE =
            Pattern.compile("^pid=(\\d{1,10}) comm=(.*) shmkey=0x([0-9a-fA-F]{1,8})(?: shmid=(\\d{1,10}))?$");
    private static final Pattern LINE2 = Pattern.compile(
            "^pid=(\\d{1,10}) shmkey=0x([0-9a-fA-F]{1,8}) shmid=(\\d{1,10}) ipcns=(\\d{1,20}|\\?) comm=(.*)$");
    private static final Pattern SELF = Pattern.compile("^self ipcns=(\\d{1,20}|\\?)$");
    private static final Pattern UNREADABLE = Pattern.compile("^unreadable=(\\d{1,10}(?:,\\d{1,10})*)$");

    private ShmAttachmentParser() {
    }

    public static Optional<ShmAttachments> parse(List<String> lines, List<ParseProblem> problems) {
        List<ShmAttachment> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> unreadable = new ArrayList<>();
        List<ShmAttachment> elsewhere = new ArrayList<>();
        String unreadableLine = null;
        OptionalLong self = OptionalLong.empty();
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
            Matcher sm = SELF.matcher(line);
            if (sm.matches()) {
                self = sm.group(1).equals("?") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(sm.group(1)));
                continue;
            }
            Matcher m2 = LINE2.matcher(line);
            if (m2.matches()) {
                try {
                    int pid = Integer.parseInt(m2.group(1));
                    int key = IpcKey.parseHex(m2.group(2)).orElseThrow();
                    OptionalInt shmid = OptionalInt.of(Integer.parseInt(m2.group(3)));
                    ShmAttachment a = new ShmAttachment(pid, WireText.decode(m2.group(5)), key, shmid, line);
                    boolean foreign = self.isPresent() && !m2.group(4).equals("?")
                            && Long.parseLong(m2.group(4)) != self.getAsLong();
                    if (foreign) {
                        elsewhere.add(a);
                    } else if (seen.add(pid + "/" + key + "/" + shmid)) {
                        out.add(a);
                    }
                } catch (NumberFormatException e) {
                    problems.add(new ParseProblem(SOURCE, line, "A pid or shmid is out of range."));
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
        return Optional.of(new ShmAttachments(out, unreadable, Optional.ofNullable(unreadableLine), self, elsewhere));
    }
}
