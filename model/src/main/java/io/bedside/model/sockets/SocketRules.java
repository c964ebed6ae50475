package io.bedside.model.sockets;

import io.bedside.model.findings.Rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket playbook's findings (issue 5): their ids, thresholds, and the rules that raise them,
 * one class per id ({@link CloseWaitPileupRule}, {@link BlockedOnPipeRule}),
 * sharing one {@link SocketAssessment} per sample. The ids are fixed: {@code diagnose --json} and
 * the window use them.
 *
 * <table>
 * <caption>Findings</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>{@value #CLOSEWAIT_PILEUP}</td><td>a process holds &gt;= {@code closeWait} (50) CLOSE_WAIT sockets, or
 *     they grow by &gt;= {@code growthPerMinute} (10) a minute and number &gt;= {@code growthMinimum} (10)</td>
 *     <td>critical at &gt;= {@code closeWaitCritical} (500), when also growing, or when the process is blocked on a
 *     pipe; else warning</td></tr>
 * <tr><td>{@value #BLOCKED_ON_PIPE}</td><td>threads sleep in the kernel's pipe write (wchan {@code pipe_write},
 *     {@code anon_pipe_write}; {@code pipe_wait} when the syscall is a write)</td>
 *     <td>critical when no process holds the read end, or the process also piles up CLOSE_WAIT; warning when it was
 *     blocked in a sample at least 30 s older too, or no readable process holds the read end but some could not be
 *     read; else info (may be a slow reader's moment)</td></tr>
 * </table>
 *
 * <p>Who holds a socket comes from proc-fds (by inode). A CLOSE_WAIT socket that no file holds yet
 * (inode 0: still in a listener's accept queue) counts for the process holding that listener, as
 * {@code unaccepted}. Sockets whose holder cannot be known (fds that need root) are one subject
 * with {@code pid} null and the reason; nothing is ever called free of a reader, or unblocked,
 * because the probe could not see it.
 */
public final class SocketRules {
    public static final String CLOSEWAIT_PILEUP = "net.closewait.pileup";
    public static final String BLOCKED_ON_PIPE = "proc.blocked-on-pipe";

    private SocketRules() {
    }

    /** The playbook's rules with the default thresholds, in the order their findings come. */
    public static List<Rule> all() {
        return all(Thresholds.DEFAULTS);
    }

    /**
     * The playbook's rules, one per finding id, in the order their findings come (CLOSE_WAIT,
     * blocked on a pipe). They share one assessment per sample, so a diagnosis that runs
     * them all computes it once.
     */
    public static List<Rule> all(Thresholds limits) {
        SocketAssessment.Cache cache = new SocketAssessment.Cache(limits);
        return List.of(new CloseWaitPileupRule(cache), new BlockedOnPipeRule(cache));
    }

    /**
     * @param closeWait         CLOSE_WAIT sockets of one process that make a pile-up
     * @param closeWaitCritical ... that make it critical
     * @param growthPerMinute   growth per minute that makes a pile-up of fewer sockets
     * @param growthMinimum     ... provided the process holds at least this many
     * @param growthWindow      how far back the sample compared against may lie
     * @param minimumSpan       how old that sample must be at least (growth and "still blocked")
     * @param evidenceLines     raw lines per list in the evidence (the caption says how many there were)
     */
    public record Thresholds(int closeWait, int closeWaitCritical, double growthPerMinute, int growthMinimum,
                             Duration growthWindow, Duration minimumSpan, int evidenceLines) {
        public static final Thresholds DEFAULTS = new Thresholds(50, 500, 10.0, 10, Duration.ofMinutes(10),
                Duration.ofSeconds(30), 20);

        public Thresholds {
            if (closeWait < 1 || closeWaitCritical < closeWait || growthPerMinute <= 0 || growthMinimum < 1
                    || growthWindow.compareTo(minimumSpan) <= 0 || minimumSpan.isNegative() || evidenceLines < 1) {
                throw new IllegalArgumentException("inconsistent socket thresholds");
            }
        }

        public Thresholds withCloseWait(int n) {
            return new Thresholds(n, Math.max(n, closeWaitCritical), growthPerMinute, growthMinimum, growthWindow, minimumSpan,
                    evidenceLines);
        }
    }

    /** An earlier snapshot and the host's time it was taken at. */
    public record Timed(Instant at, SocketSnapshot snapshot) {
    }

    /** The process's CLOSE_WAIT sockets that it holds (not counting ones still in its accept queue). */
    public static List<TcpSocket> closeWaitOf(SocketSnapshot s, int pid) {
        if (s.tcp().get().isEmpty()) {
            return List.of();
        }
        List<TcpSocket> out = new ArrayList<>();
        for (TcpSocket t : s.tcp().get().orElseThrow().inState(SocketState.CLOSE_WAIT)) {
            if (s.holders(t).stream().anyMatch(o -> o.pid() == pid)) {
                out.add(t);
            }
        }
        return out;
    }
}
