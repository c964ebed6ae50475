package io.bedside.model.sockets;

import io.bedside.model.probe.Lines;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The incremental fd walk. Reading every fd link costs the host about 15 µs each (120,000 links: 2 s
 * of CPU), and on a big host most of them belong to long-lived processes that did not change.
 * So a live session tells the next full sample ({@code BS_FDSAME}, in front of full runs only: a
 * light one walks no fd) which processes it may skip: those the sample before read with at least
 * {@link #MIN_FDS} fd, no deleted file among them (its size
 * must be read afresh: the disk playbook watches it grow) and a start time. The probe skips one whose
 * start time and number of fds (the kernel's size of /proc/PID/fd) are the same, printing
 * {@code fds=same}; {@link #complete} takes its fds from the sample before and counts how many full
 * samples in a row it was skipped ({@code same=K}). The list gives each process's soft limit too: a
 * skipped process that holds under half of it has its limits taken from before as well, and the probe
 * lists it by pid and start time only (5,000 reads of /proc/PID/limits cost the big host 70 ms, and
 * 5,000 process lines 290 KB). Once any process was skipped
 * {@link #MAX_SKIPS} times in a row, the next full sample walks everything: a process that closed
 * one socket and opened another between two samples keeps its count, so at most that many full
 * samples (about a minute) can show it with its old fds; a connect and "Sample now" also walk
 * everything. An entry ends in the inode number of the process's /proc/PID/fd when a walk printed
 * it ({@code ino PID:INODE} lines, {@link ProcessFdTable#fdDirInode}): procfs makes that inode for
 * one process, so the probe skips a process with the same inode without reading its stat.
 */
public final class FdWalk {
    /**
     * Processes with fewer fds are not listed: none but those without any (a kernel without the
     * count reads 0 for every process). A big host's thousands of small processes cost its fd walk
     * more than its few big ones once those are skipped (the drill: 5,000 processes of 7 fds).
     */
    public static final int MIN_FDS = 1;
    /** Full samples in a row a process may be skipped; then everything is walked. */
    public static final int MAX_SKIPS = 5;
    private static final Pattern SAME = Pattern.compile(" same=([0-9]{1,3}) ");
    private static final String SAME_FDS = " fds=same ";
    /** The start of a line that lists skipped processes whose limits were not read again either. */
    private static final String SAME_LIST = "same ";
    private static final Pattern SAME_ENTRY = Pattern.compile("[0-9]{1,9}:[0-9]{1,20}");

    private FdWalk() {
    }

    /** The assignment that makes the next run walk every process's fds. */
    static final String WALK_ALL = "BS_FDSAME=\n";

    /**
     * {@code BS_FDSAME='PID:START:COUNT:SOFT:INO ...'} for the next run (SOFT and INO when known),
     * from the fd table the latest sample shows (read or carried); an empty assignment when
     * everything is to be walked.
     */
    static String prelude(Reading<ProcessFdTable> fds) {
        ProcessFdTable t = fds.get().orElse(null);
        if (t == null) {
            return WALK_ALL;
        }
        StringBuilder b = new StringBuilder();
        for (ProcessFds p : t.processes().values()) {
            if (skips(p.line()) >= MAX_SKIPS) {
                return WALK_ALL;
            }
            if (p.fdCount().isEmpty() || p.fdCount().getAsInt() < MIN_FDS || p.startTime().isEmpty()
                    || p.fds().stream().anyMatch(f -> f.target() instanceof FdTarget.Path path && path.deleted())) {
                continue;
            }
            b.append(b.length() == 0 ? "" : " ").append(p.pid()).append(':').append(p.startTime().getAsLong())
                    .append(':').append(p.fdCount().getAsInt());
            java.util.OptionalLong ino = t.fdDirInode(p.pid());
            if (p.nofileSoft().isPresent() || ino.isPresent()) {
                b.append(':').append(p.nofileSoft().isPresent() ? Long.toString(p.nofileSoft().getAsLong()) : "");
            }
            if (ino.isPresent()) {
                b.append(':').append(ino.getAsLong());
            }
        }
        // digits, colons and spaces only: nothing to quote, and the probe refuses anything else
        return "BS_FDSAME='" + b + "'\n";
    }

    /** How many full samples in a row the fds of the process on this proc-fds line were taken from the one before. */
    static int skips(String processLine) {
        Matcher m = SAME.matcher(processLine);
        return m.find() && m.start() < processLine.indexOf(" comm=") ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * {@code now} with each skipped process's fd lines taken from {@code previous}'s proc-fds (same
     * pid and start time), its count put back and {@code same=K} added: a process line with
     * {@code fds=same} keeps its own limits and name; a process on a {@code same PID:START ...} line
     * takes its whole line from the sample before. A process the sample before does not have (a
     * replay that starts here) is {@code fds=unreadable}.
     */
    static ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
        Section s = now.section(SocketSnapshot.FDS).orElse(null);
        if (s == null || s.status() != SourceStatus.OK) {
            return now;
        }
        Lines fresh = Lines.copyOf(s.lines());
        // the skipped processes, pid to start time; a process line becomes a string (a few thousand), an
        // fd line (100,000 on a big host) never does
        Map<String, String> sameStart = new LinkedHashMap<>();
        Map<String, String> sameLine = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            if (fresh.startsWith(i, "pid=")) {
                String l = fresh.get(i);
                if (sameBeforeComm(l)) {
                    sameStart.put(field(l, "pid"), field(l, "start"));
                    sameLine.put(field(l, "pid"), l);
                }
            } else if (fresh.startsWith(i, SAME_LIST)) {
                for (String tok : fresh.get(i).substring(SAME_LIST.length()).split(" ")) {
                    if (SAME_ENTRY.matcher(tok).matches()) {
                        int c = tok.indexOf(':');
                        sameStart.put(tok.substring(0, c), tok.substring(c + 1));
                    }
                }
            }
        }
        if (sameStart.isEmpty()) {
            return now;
        }
        // the sample before's process lines of the skipped processes, where the start time is the same
        Map<String, String> before = new HashMap<>();
        Section p = previous == null ? null : previous.section(SocketSnapshot.FDS).orElse(null);
        Lines old = p != null && p.status() == SourceStatus.OK ? Lines.copyOf(p.lines()) : null;
        if (old != null) {
            for (int i = 0; i < old.size(); i++) {
                if (old.startsWith(i, "pid=")) {
                    // the pid read from the characters: a line becomes a string only for a skipped process
                    int n = leadingPid(old, i, 4);
                    String pid = n < 0 ? null : Integer.toString(n);
                    String start = pid == null ? null : sameStart.get(pid);
                    if (start != null) {
                        String l = old.get(i);
                        if (pid.equals(field(l, "pid")) && start.equals(field(l, "start"))) {
                            before.put(pid, l);
                        }
                    }
                }
            }
        }
        // this run's fd lines, then the sample before's of each skipped process found there, then the process lines
        List<String> procs = new ArrayList<>();
        int[] freshFds = new int[fresh.size()];
        int nFresh = 0;
        long chars = 0;
        for (int i = 0; i < fresh.size(); i++) {
            if (fresh.startsWith(i, "pid=")) {
                String l = fresh.get(i);
                if (!sameBeforeComm(l)) {
                    procs.add(l);
                }
            } else if (!fresh.startsWith(i, SAME_LIST)) {
                freshFds[nFresh++] = i;
                chars += fresh.end(i) - fresh.start(i) + 1;
            }
        }
        java.util.BitSet taken = new java.util.BitSet();
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : sameStart.entrySet()) {
            String pid = e.getKey();
            String was = before.get(pid);
            String count = was == null ? null : field(was, "fds");
            // its own line (limits read now), or the one before (limits and name from then)
            String l = sameLine.getOrDefault(pid, was);
            if (was == null || count == null || !Fields.digits(count, 9) || !Fields.digits(pid, 9)) {
                procs.add(l != null ? l.replaceFirst(SAME_FDS, " fds=unreadable ")
                        : "pid=" + pid + " start=" + e.getValue() + " nofile=?/? fds=unreadable comm=");
                continue;
            }
            int c = l.indexOf(" comm=");
            b.setLength(0);
            // its fields before comm= but fds= and same=, copied without a string each (5,000 processes)
            for (int from = 0; from < c; ) {
                int sp = l.indexOf(' ', from);
                if (sp < 0 || sp > c) {
                    sp = c;
                }
                if (sp > from && !l.startsWith("fds=", from) && !l.startsWith("same=", from)) {
                    b.append(b.length() == 0 ? "" : " ").append(l, from, sp);
                }
                from = sp + 1;
            }
            procs.add(b.append(" fds=").append(count).append(" same=").append(Math.min(999, skips(was) + 1)).append(l, c, l.length()).toString());
            taken.set(Integer.parseInt(pid));
        }
        int[] oldFds = new int[taken.isEmpty() ? 0 : old.size()];
        int nOld = 0;
        for (int i = 0; i < oldFds.length; i++) {
            int pid = leadingPid(old, i);
            if (pid >= 0 && taken.get(pid)) {
                oldFds[nOld++] = i;
                chars += old.end(i) - old.start(i) + 1;
            }
        }
        for (String l : procs) {
            chars += l.length() + 1;
        }
        // sized once: a text of megabytes grown from nothing is copied a dozen times on the way
        Lines.Joiner lines = new Lines.Joiner((int) Math.min(chars, Integer.MAX_VALUE - 16), nFresh + nOld + procs.size());
        for (int k = 0; k < nFresh; k++) {
            lines.add(fresh, freshFds[k]);
        }
        for (int k = 0; k < nOld; k++) {
            lines.add(old, oldFds[k]);
        }
        procs.forEach(lines::add);
        // one text again, not a string per line (a big host's fd walk: over 100,000 lines)
        return now.with(new Section(s.name(), s.status(), s.detail(), lines.build()));
    }

    /** The pid an fd line starts with (up to 9 digits, then a space), or -1; no string is made of the line. */
    static int leadingPid(Lines lines, int i) {
        return leadingPid(lines, i, 0);
    }

    /** As {@link #leadingPid(Lines, int)}, the digits starting {@code skip} characters into the line. */
    private static int leadingPid(Lines lines, int i, int skip) {
        String t = lines.text();
        int a = lines.start(i) + skip;
        int n = 0;
        int j = a;
        for (; j < t.length() && j - a < 10; j++) {
            char c = t.charAt(j);
            if (c == ' ') {
                break;
            }
            if (c < '0' || c > '9' || j - a == 9) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return j > a && j < t.length() && t.charAt(j) == ' ' ? n : -1;
    }

    /** Whether {@code fds=same} is one of the process line's fields (before comm=, which is host text). */
    private static boolean sameBeforeComm(String line) {
        int i = line.indexOf(SAME_FDS);
        return i >= 0 && i < line.indexOf(" comm=");
    }

    /** The value of {@code key=} among a process line's fields before comm=, or null. */
    private static String field(String line, String key) {
        int end = line.indexOf(" comm=");
        if (end < 0) {
            end = line.length();
        }
        // the fields are split at blanks; the first that starts with "key=" (no array of them made)
        for (int from = 0; from < end; ) {
            int sp = line.indexOf(' ', from);
            if (sp < 0 || sp > end) {
                sp = end;
            }
            if (sp - from > key.length() && line.startsWith(key, from) && line.charAt(from + key.length()) == '=') {
                return line.substring(from + key.length() + 1, sp);
            }
            from = sp + 1;
        }
        return null;
    }
}
