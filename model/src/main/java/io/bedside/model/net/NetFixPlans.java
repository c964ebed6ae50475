package io.bedside.model.net;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import io.bedside.model.fix.ShellWords;
import io.bedside.model.fix.SysctlPlans;
import io.bedside.model.probe.Reading;
import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.model.sockets.SocketState;
import io.bedside.model.sockets.TcpSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The network limits playbook's fixes: sysctl changes through {@link SysctlPlans} (evidence,
 * re-check, read-back, rollback, optional persist). Each proposes its values from the sample by a
 * rule written in its summary; an operator may choose others within the bounds checked here.
 */
public final class NetFixPlans {
    public static final String WIDEN_RANGE = "net.ports.widen-range";
    public static final String CONNTRACK_RAISE = "net.conntrack.raise-limit";
    public static final String RAISE_BACKLOG = "net.listen.raise-backlog";
    static final String PORTS_FILE = "/etc/sysctl.d/60-bedside-net-ports.conf";
    static final String CONNTRACK_FILE = "/etc/sysctl.d/60-bedside-net-conntrack.conf";
    static final String SOMAXCONN_FILE = "/etc/sysctl.d/60-bedside-net-somaxconn.conf";
    /** The busiest tuple should use at most this share of the new range. */
    static final double TARGET_USE = 0.4;
    /** The lowest port a widened range may start at: below are the privileged ports. */
    static final int LOWEST = 1024;
    /** Bytes of kernel memory one conntrack entry takes, roughly (struct nf_conn on x86_64, 5.x-6.x). */
    static final int CONNTRACK_ENTRY_BYTES = 320;
    static final long SOMAXCONN_CAP = 65535;
    /** The step a hash size is rounded to (whole 64 KiB pages of 8-byte bucket heads). */
    static final long HASH_ROUND = 8192;
    /** The largest hash size proposed or accepted (the kernel's own cap is higher; 2^24 buckets take 128 MiB). */
    static final long MAX_HASHSIZE = 1L << 24;
    /** The tw_reuse choice that leaves tcp_tw_reuse as it is (what a finding offers). */
    public static final String TW_KEEP = "keep";
    static final String HASH_SUBJECT = "nf_conntrack hashsize";
    static final String READ_ONLY = "nf_conntrack_max is read-only in this network namespace (the kernel lets only the"
            + " initial namespace set it): nothing was changed.";

    private NetFixPlans() {
    }

    /**
     * The proposed range: twice the current size, or enough for the busiest tuple to use at most
     * 40% of it, whichever is more (plus the reserved ports inside), grown upwards to 65535 first and
     * then downwards, never below 1024.
     */
    public static PortRange proposedRange(PortRange current, int busiest, ReservedPorts reserved) {
        long want = Math.max(2L * current.size(), (long) Math.ceil(busiest / TARGET_USE));
        int high = current.high();
        int low = current.low();
        for (int i = 0; i < 4; i++) {
            long size = want + reserved.within(new PortRange(low, high));
            high = (int) Math.min(65535, Math.max(current.high(), low + size - 1));
            low = (int) Math.max(LOWEST, Math.min(current.low(), high - size + 1));
        }
        return new PortRange(low, high);
    }

    public static FixPlan widenRange(Sample sample, Map<String, String> params) {
        NetAssessment a = NetAssessment.of(sample, List.of());
        NetLimits limits = NetSnapshot.of(sample).limits().get()
                .orElseThrow(() -> new IllegalArgumentException("The sample holds no network limits (" + NetSnapshot.of(sample).limits().describeAbsence() + ")."));
        PortRange cur = a.range.get().orElseThrow(() -> new IllegalArgumentException("ip_local_port_range is not known: " + a.range.describeAbsence() + "."));
        int busiest = a.tuples.isEmpty() ? 0 : a.tuples.get(0).inUse();
        PortRange proposed = proposedRange(cur, busiest, a.reserved);
        int low = intParam(params, "low", proposed.low());
        int high = intParam(params, "high", proposed.high());
        if (low < LOWEST || high > 65535 || low > high) {
            throw new IllegalArgumentException("The range " + low + "-" + high + " is not within " + LOWEST + "-65535.");
        }
        PortRange next = new PortRange(low, high);
        if (next.low() > cur.low() || next.high() < cur.high() || next.equals(cur)) {
            throw new IllegalArgumentException("The range " + next.text() + " does not widen " + cur.text() + ".");
        }
        List<String> summary = new ArrayList<>();
        summary.add("ip_local_port_range " + cur.low() + "-" + cur.high() + " (" + cur.size() + " ports) -> " + next.low() + "-" + next.high()
                + " (" + next.size() + "): " + (params.containsKey("low") || params.containsKey("high") ? "as chosen."
                : "twice as many ports, or enough for the busiest tuple (" + busiest + " connections) to use at most "
                + Math.round(TARGET_USE * 100) + "%, grown up to 65535 first, never below " + LOWEST + "."));
        summary.add("The kernel picks a new connection's local port per (local address, remote address, remote port); "
                + "the range bounds each such tuple, TIME_WAIT included, so a wider range only gives room: the cause is "
                + "usually short-lived connections to one peer (no keep-alive or connection pool).");
        TreeSet<Integer> listening = new TreeSet<>();
        SocketSnapshot.of(sample).tcp().get().ifPresent(t -> {
            for (TcpSocket s : t.inState(SocketState.LISTEN)) {
                s.local().port().ifPresent(p -> {
                    if (next.contains(p) && !a.reserved.contains(p)) {
                        listening.add(p);
                    }
                });
            }
        });
        if (listening.isEmpty()) {
            summary.add("No TCP socket listens on a port in " + next.text().replace(' ', '-') + " now.");
        } else {
            summary.add("Listening now on ports inside the new range: " + String.join(", ", listening.stream().limit(20).map(String::valueOf).toList())
                    + (listening.size() > 20 ? " and " + (listening.size() - 20) + " more" : "") + ". The kernel skips a port a listener holds,"
                    + " but if that service restarts, an outgoing connection may take its port first: add them to"
                    + " net.ipv4.ip_local_reserved_ports, or choose low= and high= around them.");
        }
        List<SysctlPlans.Sysctl> changes = new ArrayList<>();
        changes.add(new SysctlPlans.Sysctl("net.ipv4.ip_local_port_range", cur.text(), next.text(), cur.proc(), next.proc()));
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.ipv4.ip_local_port_range", next.text());
        String twParam = params.get("tw_reuse");
        Reading<Long> tw = limits.number(NetLimits.TW_REUSE);
        if (twParam != null && !twParam.equals("1") && !twParam.equals(TW_KEEP)) {
            throw new IllegalArgumentException("tw_reuse=" + twParam + " is not 1 (a separate step sets tcp_tw_reuse to 1) or "
                    + TW_KEEP + " (leave it as it is).");
        }
        if ("1".equals(twParam)) {
            long old = tw.get().orElseThrow(() -> new IllegalArgumentException("tcp_tw_reuse is not known: " + tw.describeAbsence() + "."));
            if (old == 1) {
                summary.add("tcp_tw_reuse is 1 already: no step for it.");
            } else if (old != 0 && old != 2) {
                throw new IllegalArgumentException("tcp_tw_reuse is " + old + ", not 0, 1 or 2: Bedside does not change a value it does not know.");
            } else {
                changes.add(new SysctlPlans.Sysctl("net.ipv4.tcp_tw_reuse", Long.toString(old), "1", Long.toString(old), "1"));
                file.put("net.ipv4.tcp_tw_reuse", "1");
                summary.add("A separate step, chosen with tw_reuse=1: tcp_tw_reuse " + old + " -> 1. " + twReuseWhy(old)
                        + " It is set, read back and rolled back on its own; persisting writes it beside the range.");
            }
        } else {
            tw.get().filter(v -> v == 0 || v == 2).ifPresent(v -> summary.add("tcp_tw_reuse stays " + v + ". " + twReuseWhy(v)
                    + " tw_reuse=1 adds it as a separate step (its own re-check, read-back and rollback)."));
        }
        summary.add("Per network namespace: this changes the namespace Bedside's shell runs in (a container has its own).");
        return SysctlPlans.plan(WIDEN_RANGE, "Widen the local port range", summary, changes, PORTS_FILE, file);
    }

    /** What tcp_tw_reuse=1 does against {@code old} (0 or 2), and why tcp_tw_recycle is not offered. */
    public static String twReuseWhy(long old) {
        return (old == 2 ? "At 2 (the default since kernel 4.19) only loopback connections reuse a port in TIME_WAIT"
                : "At 0 no connection reuses a port in TIME_WAIT")
                + "; at 1 any new outgoing connection may take a TIME_WAIT port to the same peer when TCP timestamps (on at both ends)"
                + " show the old connection's segments cannot be mistaken for the new one's. It changes nothing for incoming"
                + " connections and nothing when timestamps are off. Never tcp_tw_recycle: it broke clients behind NAT and is gone since 4.12.";
    }

    /** Twice the limit or twice the entries, whichever is more, in steps of 16384. */
    public static long proposedConntrackMax(long max, long count) {
        long want = Math.max(2 * max, 2 * count);
        return (want + 16383) / 16384 * 16384;
    }

    /**
     * The hash size to go with a new limit: the buckets a limit the kernel had before (its ratio of
     * limit to buckets kept, 1 on 6.x, 4 on older kernels), never fewer than now, rounded up to a
     * multiple of 8192 (the kernel rounds the table up to whole pages; 8192 heads fill a 64 KiB page,
     * so the value read back is the one written on any page size).
     */
    public static long proposedHashsize(long oldMax, long buckets, long newMax) {
        long want = oldMax > 0 && buckets > 0 ? (long) Math.ceil((double) newMax * buckets / oldMax) : newMax;
        want = Math.max(want, buckets);
        return (want + HASH_ROUND - 1) / HASH_ROUND * HASH_ROUND;
    }

    public static FixPlan raiseConntrack(Sample sample, Map<String, String> params) {
        NetSnapshot n = NetSnapshot.of(sample);
        Reading<Long> max = n.conntrackMax();
        long old = max.get().orElseThrow(() -> new IllegalArgumentException("nf_conntrack_max is not known: " + max.describeAbsence() + "."));
        long count = n.conntrackCount().get().orElse(0L);
        long next = longParam(params, "max", proposedConntrackMax(old, count));
        if (next <= old) {
            throw new IllegalArgumentException("nf_conntrack_max " + next + " does not raise " + old + ".");
        }
        if (next > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("nf_conntrack_max " + next + " is above the kernel's " + Integer.MAX_VALUE + ".");
        }
        Optional<NetLimits> limits = n.limits().get();
        Optional<Boolean> writable = limits.flatMap(NetLimits::conntrackMaxWritable);
        Optional<Long> buckets = limits.flatMap(l -> l.number(NetLimits.CT_BUCKETS).get());
        boolean hashStep = limits.map(NetLimits::hashsizeWritable).orElse(false) && buckets.isPresent();
        String hashParam = params.get("hashsize");
        long hashNext = 0;
        if ("keep".equals(hashParam)) {
            hashStep = false;
        } else if (hashParam != null && !hashStep) {
            throw new IllegalArgumentException("hashsize=" + hashParam + " cannot be set here: the probe did not see "
                    + NetLimits.HASHSIZE_PATH + " writable from the initial network namespace (use hashsize=keep or leave it out).");
        }
        if (hashStep) {
            hashNext = hashParam == null ? proposedHashsize(old, buckets.get(), next) : longParam(params, "hashsize", 0);
            if (hashNext < buckets.get() || hashNext > MAX_HASHSIZE || hashNext % HASH_ROUND != 0) {
                throw new IllegalArgumentException("hashsize " + hashNext + " must be a multiple of " + HASH_ROUND + " from the current "
                        + buckets.get() + " up to " + MAX_HASHSIZE + ".");
            }
            if (hashNext == buckets.get()) {
                hashStep = false;
            }
        }
        List<String> summary = new ArrayList<>();
        summary.add("nf_conntrack_max " + old + " -> " + next + (params.containsKey("max") ? ": as chosen."
                : ": twice the limit or twice the " + count + " entries, whichever is more, in steps of 16384."));
        summary.add(String.format(Locale.ROOT, "Each tracked connection takes about %d bytes of kernel memory: at the new limit up to %.0f MiB.",
                CONNTRACK_ENTRY_BYTES, next * (double) CONNTRACK_ENTRY_BYTES / (1 << 20)));
        if (writable.isPresent() && !writable.get()) {
            summary.add("Here nf_conntrack_max is read-only (mode 0444): this shell runs in a network namespace other than the"
                    + " initial one (a container), where the kernel lets no one set it, root included. The change will be refused"
                    + " and nothing changed: raise it on the machine that runs this namespace.");
        } else if (writable.isEmpty()) {
            summary.add("Outside the host's initial network namespace nf_conntrack_max may be read-only: the change then fails and nothing is changed.");
        }
        if (hashStep) {
            long b = buckets.get();
            summary.add(String.format(Locale.ROOT, "A separate step: the hash table %d -> %d buckets (%s; %.1f entries a bucket at the new"
                            + " limit, %.1f without it), written to %s. The kernel re-hashes the whole table at once: a short pause"
                            + " for new flows on a busy host. It lasts until reboot: to keep it, put 'options nf_conntrack hashsize=%d'"
                            + " in /etc/modprobe.d/ (or nf_conntrack.hashsize=%d on the kernel command line when it is built in);"
                            + " Bedside does not write those. hashsize=keep leaves it.",
                    b, hashNext, params.containsKey("hashsize") ? "as chosen" : "the ratio of limit to buckets kept",
                    (double) next / hashNext, (double) next / b, NetLimits.HASHSIZE_PATH, hashNext, hashNext));
        } else {
            buckets.ifPresent(b -> summary.add(
                    "The hash table has " + b + " buckets (" + String.format(Locale.ROOT, "%.1f", (double) next / b)
                            + " entries a bucket at the new limit). This fix does not change them: the hash size is set in "
                            + NetLimits.HASHSIZE_PATH + " (root, initial namespace only) and re-hashes the whole table"
                            + (limits.map(l -> l.modes().containsKey(NetLimits.HASHSIZE)).orElse(false) || "keep".equals(hashParam)
                            ? "." : "; the probe could not tell whether it is writable here.")));
        }
        summary.add("A full table drops new flows; a wider table keeps them, but the cause is often many short connections or long"
                + " timeouts (net.netfilter.nf_conntrack_tcp_timeout_*), or traffic that needs no tracking (a NOTRACK rule).");
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.netfilter.nf_conntrack_max", Long.toString(next));
        SysctlPlans.Sysctl ct = new SysctlPlans.Sysctl("net.netfilter.nf_conntrack_max", Long.toString(old), Long.toString(next),
                Long.toString(old), Long.toString(next));
        FixPlan p = SysctlPlans.plan(CONNTRACK_RAISE, "Raise the conntrack table's limit", summary, List.of(ct), CONNTRACK_FILE, file);
        List<FixStep> steps = new ArrayList<>();
        for (FixStep st : p.steps()) {
            if (st.kind() == FixStep.Kind.CHANGE && st.subject().equals(ct.name())) {
                // a write the kernel refuses says so in one sentence, instead of sysctl's "permission denied on key"
                st = new FixStep(st.kind(), st.subject(), st.description(), "if [ -w " + ct.proc() + " ]; then " + st.command()
                        + "; else echo " + ShellWords.quote(READ_ONLY) + " >&2; exit 1; fi",
                        st.precondition(), st.expectedOutput(), st.file(), st.needsRoot(), st.optional());
            }
            if (hashStep && st.optional() && st.kind() == FixStep.Kind.EVIDENCE && steps.stream().noneMatch(x -> x.subject().equals(HASH_SUBJECT))) {
                addHashSteps(steps, buckets.get(), hashNext);
            }
            steps.add(st);
        }
        List<FixStep> rollback = new ArrayList<>();
        if (hashStep) {
            String cur = Long.toString(hashNext);
            String was = buckets.get().toString();
            rollback.add(FixStep.change(HASH_SUBJECT, "Restore the hash size " + was + ".", "echo " + was + " > " + NetLimits.HASHSIZE_PATH,
                    new FixStep.Check("cat " + NetLimits.HASHSIZE_PATH, cur, "the hash size is still " + cur + ", the size this fix set"), true));
            rollback.add(verifyAsRoot("Read the hash size back: it is " + was + " again.", was));
        }
        rollback.addAll(p.rollback());
        return new FixPlan(p.id(), p.title(), hashStep ? List.of(p.changes().get(0),
                new Change("nf_conntrack hashsize", buckets.get().toString(), Long.toString(hashNext))) : p.changes(),
                p.summary(), steps, rollback);
    }

    /** The hash size steps, after the limit's: saved, changed (re-checked), read back. */
    private static void addHashSteps(List<FixStep> steps, long was, long next) {
        String old = Long.toString(was);
        String now = Long.toString(next);
        steps.add(new FixStep(FixStep.Kind.EVIDENCE, HASH_SUBJECT, "Save the current hash size.", "cat " + NetLimits.HASHSIZE_PATH,
                Optional.empty(), Optional.empty(), Optional.empty(), true, false));
        steps.add(FixStep.change(HASH_SUBJECT, "Set the hash size to " + now + " buckets (was " + old + "): the kernel re-hashes the table.",
                "echo " + now + " > " + NetLimits.HASHSIZE_PATH,
                new FixStep.Check("cat " + NetLimits.HASHSIZE_PATH, old, "the hash size is still " + old + ", the size this plan was made from"),
                true));
        steps.add(verifyAsRoot("Read the hash size back: the kernel took " + now + ".", now));
    }

    /** A read-back of the hashsize parameter, which only root may read (mode 0600). */
    private static FixStep verifyAsRoot(String description, String expected) {
        return new FixStep(FixStep.Kind.VERIFY, HASH_SUBJECT, description, "cat " + NetLimits.HASHSIZE_PATH, Optional.empty(),
                Optional.of(expected), Optional.empty(), true, false);
    }

    /** Twice the limit, at least 4096 (the kernel's default since 5.4), at most 65535. */
    public static long proposedSomaxconn(long current) {
        return Math.min(SOMAXCONN_CAP, Math.max(4096, 2 * current));
    }

    public static FixPlan raiseBacklog(Sample sample, Map<String, String> params) {
        NetLimits limits = NetSnapshot.of(sample).limits().get()
                .orElseThrow(() -> new IllegalArgumentException("The sample holds no network limits (" + NetSnapshot.of(sample).limits().describeAbsence() + ")."));
        Reading<Long> cur = limits.number(NetLimits.SOMAXCONN);
        long old = cur.get().orElseThrow(() -> new IllegalArgumentException("net.core.somaxconn is not known: " + cur.describeAbsence() + "."));
        long next = longParam(params, "somaxconn", proposedSomaxconn(old));
        if (next <= old) {
            throw new IllegalArgumentException("somaxconn " + next + " does not raise " + old + ".");
        }
        if (next > SOMAXCONN_CAP) {
            throw new IllegalArgumentException("somaxconn " + next + " is above " + SOMAXCONN_CAP + ", which older kernels hold in 16 bits.");
        }
        List<String> summary = new ArrayList<>();
        summary.add("net.core.somaxconn " + old + " -> " + next + (params.containsKey("somaxconn") ? ": as chosen."
                : ": twice the limit, at least 4096 (the default since kernel 5.4), at most 65535."));
        summary.add("somaxconn caps the backlog an application asks for in listen(); ss shows the backlog in effect as the"
                + " Send-Q of its LISTEN line. It applies at the next listen(): the service must restart (or re-listen) to get it.");
        NetAssessment a = NetAssessment.of(sample, List.of());
        List<String> capped = new ArrayList<>();
        for (NetAssessment.Listener l : a.listeners) {
            if ((l.full() || l.fullBefore()) && l.backlog() < old) {
                capped.add(l.socket().local().text() + " (backlog " + l.backlog() + ")");
            }
        }
        if (!capped.isEmpty()) {
            summary.add("Full listeners whose backlog is below the current somaxconn " + old + ": " + String.join(", ", capped)
                    + ". Their own listen() argument is the cap, and raising somaxconn alone changes nothing for them:"
                    + " raise the application's backlog setting (e.g. nginx listen ... backlog=N) as well.");
        }
        summary.add("A queue that fills because the application does not call accept() fast enough stays full at any size: "
                + "a larger backlog absorbs bursts, it does not add capacity.");
        Map<String, String> file = new LinkedHashMap<>();
        file.put("net.core.somaxconn", Long.toString(next));
        return SysctlPlans.plan(RAISE_BACKLOG, "Raise the listen backlog limit (somaxconn)", summary,
                List.of(new SysctlPlans.Sysctl("net.core.somaxconn", Long.toString(old), Long.toString(next), Long.toString(old),
                        Long.toString(next))), SOMAXCONN_FILE, file);
    }

    private static int intParam(Map<String, String> params, String key, int dflt) {
        long v = longParam(params, key, dflt);
        if (v > 65535) {
            throw new IllegalArgumentException(key + " " + v + " is not a port.");
        }
        return (int) v;
    }

    private static long longParam(Map<String, String> params, String key, long dflt) {
        String v = params.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number.");
        }
        return Long.parseLong(v);
    }
}
