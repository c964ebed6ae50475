package io.bedside.model.sockets;

import io.bedside.model.probe.ParseProblem;
import io.bedside.model.probe.ProbeOutput;
import io.bedside.model.sample.Sample;
import io.bedside.model.sample.SamplePart;
import io.bedside.model.probe.Reading;
import io.bedside.model.probe.Section;
import io.bedside.model.probe.SourceStatus;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything one sample says about sockets, fds and threads. Each source is a {@link Reading}: a
 * source the host did not give (missing, needs root, truncated, did not parse) is absent with
 * its reason. Which process holds a socket comes from proc-fds (by inode), or from ss -p's
 * {@code users:} when the output has it and proc-fds does not.
 *
 * @param tcp      TCP sockets, from ss-tcp or else proc-net-tcp and proc-net-tcp6
 * @param udp      UDP sockets, from ss-udp or else proc-net-udp and proc-net-udp6
 * @param fds      every process's fds and RLIMIT_NOFILE
 * @param threads  every thread's state and wchan
 * @param probeUid the uid the probe ran as, when it said
 * @param machine  the host's {@code uname -m}, when it said (for syscall numbers and byte order)
 * @param counts   the TCP table counted on the host, when that is newer than {@link #tcp}'s list (a
 *                 full sample nobody asked the list of: {@code tcp} is then the last list read, with
 *                 its sockets in the {@link #HOT} states fresh); absent when the list is this recent
 */
public record SocketSnapshot(Reading<SocketTable<TcpSocket>> tcp, Reading<SocketTable<UdpSocket>> udp,
                             Reading<ProcessFdTable> fds, Reading<ThreadTable> threads, OptionalInt probeUid,
                             Optional<String> machine, Reading<TcpCounts> counts) {

    public static final String SS_TCP = SsParser.TCP_SOURCE;
    /** A light sample's TCP sockets in the {@link #HOT} states; ss-tcp is then carried. */
    public static final String SS_TCP_HOT = "ss-tcp-hot";
    /** The states a light sample reads afresh (ss's state filter): what the rules watch every sample. */
    public static final Set<SocketState> HOT = Set.of(SocketState.CLOSE_WAIT, SocketState.LISTEN, SocketState.SYN_RECV,
            SocketState.NEW_SYN_RECV);
    public static final String SS_UDP = SsParser.UDP_SOURCE;
    /** Full samples nobody asked the TCP list of: the table counted on the host ({@link TcpCounts}). */
    public static final String SS_TCP_COUNTS = TcpCounts.SOURCE;
    /**
     * The TCP list on demand ({@code tcp}): a full run not asked for it counts the table on the host
     * ({@value #SS_TCP_COUNTS}) and ss-tcp is carried, while the sample before holds it whole
     * ({@link #hasTcpList}).
     */
    public static final io.bedside.model.sample.ListOnDemand TCP_LIST = new io.bedside.model.sample.ListOnDemand("tcp", SocketSnapshot::hasTcpList);
    /** What a live session puts in front of a full run that leaves the TCP list out (benchmarks and tests send it by hand). */
    public static final String NO_TCP_LIST = io.bedside.model.sample.SampleParser.LEAVE_OUT + "='" + TCP_LIST.name() + "'\n";
    public static final String PROC_TCP = ProcNetParser.TCP;
    public static final String PROC_TCP6 = ProcNetParser.TCP6;
    public static final String PROC_UDP = ProcNetParser.UDP;
    public static final String PROC_UDP6 = ProcNetParser.UDP6;
    public static final String FDS = ProcFdsParser.SOURCE;
    public static final String THREADS = ProcThreadsParser.SOURCE;
    /** Every probe section this snapshot reads (a host prints either the ss ones or the /proc/net ones). */
    public static final List<String> SECTIONS = List.of(SS_TCP, SS_TCP_HOT, SS_TCP_COUNTS, SS_UDP, PROC_TCP, PROC_TCP6, PROC_UDP, PROC_UDP6, FDS, THREADS);

    /** Kernel functions a thread sleeps in while it waits for room in a full pipe or FIFO. */
    public static final Set<String> PIPE_WRITE_WCHANS = Set.of("pipe_write", "anon_pipe_write", "fifo_pipe_write",
            "pipe_wait_writable");
    /** Before kernel 5.5 readers and writers both waited in pipe_wait: the system call tells which. */
    public static final String PIPE_WAIT = "pipe_wait";

    private static final Set<String> BIG_ENDIAN = Set.of("s390x", "s390", "ppc64", "ppc", "powerpc", "sparc64", "sparc",
            "mips", "mips64", "m68k", "parisc", "parisc64", "armeb", "aarch64_be", "or1k");


    /** This part of a sample, as the registry reads it: the sample holds it by type. */
    public static final SamplePart<SocketSnapshot> PART = new SamplePart<>() {
        @Override
        public Class<SocketSnapshot> type() {
            return SocketSnapshot.class;
        }

        @Override
        public SocketSnapshot read(ProbeOutput out, List<ParseProblem> problems) {
            return from(out, problems);
        }

        /** The unchanged processes' fds of the sample before, already parsed, are taken as they are ({@link FdWalk}). */
        @Override
        public SocketSnapshot read(ProbeOutput out, List<ParseProblem> problems, SocketSnapshot previous) {
            return from(out, problems, previous == null ? null : previous.fds().get().orElse(null));
        }

        /** The processes whose fds the next full sample need not walk again ({@link FdWalk}); a light run walks no fd. */
        @Override
        public String fullRunPrelude(SocketSnapshot latest) {
            return latest == null ? "" : FdWalk.prelude(latest.fds()) + ThreadWalk.prelude(latest.threads());
        }

        @Override
        public ProbeOutput complete(ProbeOutput now, ProbeOutput previous) {
            return ThreadWalk.complete(FdWalk.complete(now, previous), previous);
        }

        /** The TCP list: read whole while the Sockets area shows it, else counted on the host. */
        @Override
        public List<io.bedside.model.sample.ListOnDemand> listsOnDemand() {
            return List.of(TCP_LIST);
        }

        /** Every process's fds walked and every thread read, none taken from the sample before. */
        @Override
        public String standAlone() {
            return FdWalk.WALK_ALL + ThreadWalk.READ_ALL;
        }
    };

    /**
     * Whether {@code sample} holds a TCP list a later sample may carry: its own or one carried to it,
     * read whole. A session that wants the host's counts ({@link #NO_TCP_LIST}) asks for the list
     * instead when not: carried, an absent list (a cut output, a failed ss) would stay absent, and
     * with it the sockets the rules read.
     */
    public static boolean hasTcpList(Sample sample) {
        return sample != null && sample.output().section(SS_TCP).map(s -> s.status() == SourceStatus.OK).orElse(false);
    }

    /** The socket, fd and thread part of {@code sample}. */
    public static SocketSnapshot of(Sample sample) {
        return sample.part(SocketSnapshot.class);
    }

    /**
     * Reads the socket, fd and thread sections of one probe output; problems go to
     * {@code problems}. A section the output was cut short inside is not received: a partial
     * socket list would undercount and a partial fd list would hide a pipe's reader.
     */
    public static SocketSnapshot from(ProbeOutput out, List<ParseProblem> problems) {
        return from(out, problems, null);
    }

    /**
     * As {@link #from(ProbeOutput, List)}, taking the fds of each process the incremental walk took
     * from the sample before from {@code fdsBefore}, that sample's fd table, where it holds them.
     */
    static SocketSnapshot from(ProbeOutput out, List<ParseProblem> problems, ProcessFdTable fdsBefore) {
        Optional<String> machine = hostField(out, "machine");
        ByteOrder order = machine.filter(BIG_ENDIAN::contains).isPresent() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Reading<SocketTable<TcpSocket>> tcp = out.section(SS_TCP_HOT).isPresent() && out.section(SS_TCP).isPresent()
                ? hot(out, problems)
                : out.section(SS_TCP).isPresent()
                ? ssTcp(out, problems)
                : procNet(out, PROC_TCP, PROC_TCP6, problems, (src, l) -> ProcNetParser.parseTcp(src, l, order, problems));
        Reading<SocketTable<UdpSocket>> udp = out.section(SS_UDP).isPresent()
                ? read(out, SS_UDP, problems, l -> SsParser.parseUdp(l, problems))
                : procNet(out, PROC_UDP, PROC_UDP6, problems, (src, l) -> ProcNetParser.parseUdp(src, l, order, problems));
        String fdDetail = out.section(FDS).map(Section::detail).orElse("");
        String thDetail = out.section(THREADS).map(Section::detail).orElse("");
        Reading<ProcessFdTable> fds = read(out, FDS, problems, l -> ProcFdsParser.parse(l, fdDetail, problems, fdsBefore));
        Reading<ThreadTable> threads = read(out, THREADS, problems, l -> ProcThreadsParser.parse(l, thDetail, problems));
        OptionalInt uid = OptionalInt.empty();
        String u = out.header().get("uid");
        if (u != null && Fields.digits(u, 9)) {
            uid = OptionalInt.of(Integer.parseInt(u));
        }
        return new SocketSnapshot(tcp, udp, fds, threads, uid, machine, counts(out, problems));
    }

    /**
     * The host's counts, when they are newer than the TCP list: a section carried from an earlier
     * sample names when it was read, one read now does not.
     */
    private static Reading<TcpCounts> counts(ProbeOutput out, List<ParseProblem> problems) {
        Optional<Section> c = out.section(SS_TCP_COUNTS);
        if (c.isEmpty() || c.get().status() == SourceStatus.SKIPPED) {
            return Reading.absent(SourceStatus.MISSING, "the TCP list itself was read");
        }
        java.time.Instant countsAt = out.carried().get(SS_TCP_COUNTS);
        java.time.Instant listAt = out.carried().get(SS_TCP);
        // a list skipped with no sample before to carry it from (a replay that starts at a counted sample) is not one
        boolean list = out.section(SS_TCP).filter(s -> s.status() != SourceStatus.SKIPPED).isPresent();
        if (list && (listAt == null || (countsAt != null && !countsAt.isAfter(listAt)))) {
            return Reading.absent(SourceStatus.MISSING, "the TCP list is as recent as the counts");
        }
        return read(out, SS_TCP_COUNTS, problems, l -> TcpCounts.parse(l, problems));
    }

    /**
     * A light sample's TCP table: the last full sample's list (carried) with its sockets in the
     * {@link #HOT} states, and any socket the fresh list names by inode, replaced by the fresh
     * ones.
     */
    private static Reading<SocketTable<TcpSocket>> hot(ProbeOutput out, List<ParseProblem> problems) {
        // the carried list is the same section object while light samples carry it: parsed once
        Reading<SocketTable<TcpSocket>> base = ssTcp(out, problems);
        Reading<SocketTable<TcpSocket>> fresh = read(out, SS_TCP_HOT, problems, l -> SsParser.parseTcp(l, problems));
        if (!base.isPresent()) {
            return base;
        }
        if (fresh instanceof Reading.Absent<SocketTable<TcpSocket>> a) {
            // the carried list's CLOSE_WAIT counts would pass for this sample's
            return Reading.absent(a.status(), SS_TCP_HOT + ": " + a.detail()
                    + " (the sockets in CLOSE-WAIT, LISTEN and SYN-RECV are not known for this sample)");
        }
        List<TcpSocket> now = fresh.get().orElseThrow().sockets();
        Set<Long> inodes = new java.util.HashSet<>();
        now.forEach(s -> s.inode().ifPresent(i -> { if (i != 0) inodes.add(i); }));
        List<TcpSocket> merged = new java.util.ArrayList<>(base.get().orElseThrow().sockets().size() + now.size());
        for (TcpSocket s : base.get().orElseThrow().sockets()) {
            if (!HOT.contains(s.state()) && (s.inode().isEmpty() || !inodes.contains(s.inode().getAsLong()))) {
                merged.add(s);
            }
        }
        merged.addAll(now);
        return Reading.of(new SocketTable<>(List.of(SS_TCP, SS_TCP_HOT), merged));
    }

    /** ss-tcp, from one call site: a carried list is then parsed once for the full sample and its light ones. */
    private static Reading<SocketTable<TcpSocket>> ssTcp(ProbeOutput out, List<ParseProblem> problems) {
        return read(out, SS_TCP, problems, l -> SsParser.parseTcp(l, problems));
    }

    private static Optional<String> hostField(ProbeOutput out, String key) {
        return out.hostLines().stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).trim()).filter(v -> !v.isEmpty()).findFirst();
    }

    private interface TableParser<T extends InetSocket> {
        Optional<SocketTable<T>> parse(String source, List<String> lines);
    }

    /** IPv4 and IPv6 from /proc/net: IPv6 missing (switched off) is no IPv6 socket; any other reason loses the table. */
    private static <T extends InetSocket> Reading<SocketTable<T>> procNet(ProbeOutput out, String v4, String v6,
                                                                         List<ParseProblem> problems, TableParser<T> parser) {
        if (out.section(v4).isEmpty() && out.section(v6).isEmpty()) {
            return Reading.absent(out.complete() ? SourceStatus.ERROR : SourceStatus.NOT_RECEIVED,
                    out.complete() ? "the probe reported neither ss nor " + v4 : v4);
        }
        Reading<SocketTable<T>> four = read(out, v4, problems, l -> parser.parse(v4, l));
        Reading<SocketTable<T>> six = read(out, v6, problems, l -> parser.parse(v6, l));
        if (!four.isPresent()) {
            return four;
        }
        if (six instanceof Reading.Absent<SocketTable<T>> a) {
            return a.status() == SourceStatus.MISSING ? four
                    : Reading.absent(a.status(), v6 + ": " + a.detail() + " (IPv6 sockets unknown, so the table is incomplete)");
        }
        return Reading.of(four.get().orElseThrow().plus(six.get().orElseThrow()));
    }

    private static <T> Reading<T> read(ProbeOutput out, String name, List<ParseProblem> problems,
                                       Function<List<String>, Optional<T>> parser) {
        if (!out.complete() && isLast(out, name)) {
            return Reading.absent(SourceStatus.NOT_RECEIVED, name + " was cut short; a partial list is not used");
        }
        return out.read(name, problems, parser);
    }

    private static boolean isLast(ProbeOutput out, String name) {
        String last = null;
        for (String n : out.sections().keySet()) {
            last = n;
        }
        return name.equals(last);
    }

    /**
     * How many TCP sockets are in {@code state} now: the host's count when the list was not read for
     * this sample, else the list's; empty when neither is known.
     */
    public OptionalInt tcpCount(SocketState state) {
        if (counts.isPresent()) {
            return OptionalInt.of(counts.get().orElseThrow().count(state));
        }
        return tcp.get().map(t -> OptionalInt.of(t.count(state))).orElse(OptionalInt.empty());
    }

    /** How many TCP sockets there are now, as {@link #tcpCount}. */
    public OptionalInt tcpTotal() {
        if (counts.isPresent()) {
            return OptionalInt.of(counts.get().orElseThrow().sockets());
        }
        return tcp.get().map(t -> OptionalInt.of(t.sockets().size())).orElse(OptionalInt.empty());
    }

    // ------------------------------------------------------------------ who holds what

    /**
     * Who holds a socket: every fd naming {@code socket:[INODE]} (proc-fds), or what ss -p printed
     * when there is no proc-fds. Empty when nobody readable holds it: it closed after ss listed
     * it, it is held by a process whose fds could not be read, or no file holds it (inode 0).
     */
    public List<SocketOwner> holders(InetSocket s) {
        if (fds.get().isPresent()) {
            ProcessFdTable t = fds.get().orElseThrow();
            if (!s.hasInode()) {
                return List.of();
            }
            List<SocketOwner> out = new ArrayList<>(1);
            for (Fd f : t.holdersOfSocket(s.inode().getAsLong())) {
                out.add(new SocketOwner(t.process(f.pid()).map(ProcessFds::comm).orElse(""), f.pid(), f.fd()));
            }
            return out;
        }
        return s.owners();
    }

    /** Whether the wchan of a process's threads can be believed: other users' threads read 0 without root. */
    public boolean wchanKnown(int pid) {
        if (fds.get().isPresent()) {
            return fds.get().orElseThrow().process(pid).map(ProcessFds::readable).orElse(false);
        }
        return probeUid.isPresent() && probeUid.getAsInt() == 0;
    }

    /** Who holds a pipe or FIFO's ends; empty without proc-fds. */
    public Optional<PipeEnds> ends(PipeId pipe) {
        if (fds.get().isEmpty()) {
            return Optional.empty();
        }
        ProcessFdTable t = fds.get().orElseThrow();
        List<PipeEnd> readers = new ArrayList<>();
        List<PipeEnd> writers = new ArrayList<>();
        for (Fd f : t.holdersOfPipe(pipe)) {
            PipeEnd e = end(t, f);
            if (f.reads()) {
                readers.add(e);
            }
            if (f.writes()) {
                writers.add(e);
            }
        }
        return Optional.of(new PipeEnds(pipe, readers, writers, t.unreadable()));
    }

    /**
     * Every pipe and FIFO some readable process holds, with who reads and who writes it (for a
     * process's drill-down: where its stdout and stderr go and who is at the other end).
     */
    public List<PipeEnds> pipeEnds() {
        if (fds.get().isEmpty()) {
            return List.of();
        }
        return fds.get().orElseThrow().pipes().stream().map(p -> ends(p).orElseThrow()).toList();
    }

    private PipeEnd end(ProcessFdTable t, Fd f) {
        String comm = t.process(f.pid()).map(ProcessFds::comm).orElse("");
        Optional<ThreadInfo> main = threads.get().flatMap(th -> th.main(f.pid()));
        boolean known = wchanKnown(f.pid());
        return new PipeEnd(f.pid(), comm, f.fd(), f.reads(), f.writes(), main.map(ThreadInfo::state),
                known ? main.flatMap(ThreadInfo::sleepingIn) : Optional.empty(), f.line());
    }

    /** The systemd unit a process runs in, from the cgroup ss -e printed for its sockets. */
    public Optional<String> unit(int pid) {
        for (Reading<? extends SocketTable<? extends InetSocket>> r : List.of(tcp, udp)) {
            if (r.get().isEmpty()) {
                continue;
            }
            for (InetSocket s : r.get().orElseThrow().sockets()) {
                if (s.cgroup().isEmpty()) {
                    continue;
                }
                for (SocketOwner o : holders(s)) {
                    if (o.pid() == pid) {
                        Optional<String> u = unitOf(s.cgroup().orElseThrow());
                        if (u.isPresent()) {
                            return u;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code /system.slice/nginx.service} -> {@code nginx.service}; a scope or slice is no unit to restart. */
    public static Optional<String> unitOf(String cgroup) {
        String[] parts = cgroup.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String p = parts[i];
            if (p.endsWith(".service") && p.length() > ".service".length() && SocketFixPlans.validUnit(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ blocked writers

    /**
     * Threads sleeping in the kernel's wait for room in a full pipe, grouped by process and fd.
     * Only processes whose wchan can be believed are looked at. The fd is the write's own first
     * argument when /proc/PID/task/TID/syscall was readable (root) and names a pipe the process
     * holds for writing; otherwise the one pipe it holds for writing, or stderr, stdout, the
     * lowest of several. Before kernel 5.5 (wchan {@code pipe_wait}) a thread counts only when
     * the system call shows it writes: its fd is write-only, or the call is a write on this machine.
     */
    public List<BlockedPipe> blockedPipes() {
        if (threads.get().isEmpty()) {
            return List.of();
        }
        Optional<ProcessFdTable> table = fds.get();
        Map<String, List<ThreadInfo>> groups = new LinkedHashMap<>();
        Map<String, Pick> how = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<ThreadInfo>> e : threads.get().orElseThrow().byPid().entrySet()) {
            int pid = e.getKey();
            if (!wchanKnown(pid)) {
                continue;
            }
            Optional<ProcessFds> proc = table.flatMap(t -> t.process(pid));
            for (ThreadInfo t : e.getValue()) {
                String w = t.sleepingIn().orElse("");
                boolean writing = PIPE_WRITE_WCHANS.contains(w);
                if (!writing && !w.equals(PIPE_WAIT)) {
                    continue;
                }
                Optional<Fd> bySyscall = t.syscall().flatMap(sc -> sc.arg0().isPresent() && sc.arg0().getAsLong() <= Integer.MAX_VALUE
                                ? proc.flatMap(p -> p.fd((int) sc.arg0().getAsLong())) : Optional.empty())
                        .filter(f -> f.writes() && pipeLike(f));
                if (!writing) {
                    // pipe_wait: a write only when the fd cannot be read, or the call is a write here
                    boolean isWrite = bySyscall.isPresent() && (!bySyscall.get().reads()
                            || WriteSyscalls.isWrite(machine, t.syscall().orElseThrow().number()));
                    if (!isWrite) {
                        continue;
                    }
                }
                Pick pick = bySyscall.isPresent() ? new Pick(OptionalInt.of(bySyscall.get().fd()), "syscall", bySyscall) : guess(proc);
                String key = pid + "/" + pick.fd();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                how.putIfAbsent(key, pick);
            }
        }
        List<BlockedPipe> out = new ArrayList<>();
        for (Map.Entry<String, List<ThreadInfo>> g : groups.entrySet()) {
            int pid = g.getValue().get(0).pid();
            Pick pick = how.get(g.getKey());
            Optional<Fd> fdLine = pick.line();
            Optional<PipeId> pipe = fdLine.flatMap(SocketSnapshot::pipeOf);
            Optional<ProcessFds> proc = table.flatMap(t -> t.process(pid));
            String comm = proc.map(ProcessFds::comm)
                    .orElseGet(() -> threads.get().flatMap(t -> t.main(pid)).map(ThreadInfo::name).orElse(""));
            out.add(new BlockedPipe(pid, comm, proc.map(ProcessFds::startTime).orElse(OptionalLong.empty()), pick.fd(),
                    pick.from(), fdLine, pipe, g.getValue(), pipe.flatMap(this::ends)));
        }
        return out;
    }

    /** An anonymous pipe, or a path that is a FIFO or whose type the probe could not tell. */
    private static boolean pipeLike(Fd f) {
        return f.target() instanceof FdTarget.Pipe
                || (f.target() instanceof FdTarget.Path && (f.type() == 'p' || f.type() == '?'));
    }

    /** A path of unknown type that a thread is blocked writing to in a pipe function is a FIFO. */
    private static Optional<PipeId> pipeOf(Fd f) {
        if (f.pipe().isPresent()) {
            return f.pipe();
        }
        return f.target() instanceof FdTarget.Path p && f.type() == '?' ? Optional.of(new PipeId.Fifo(p.path())) : Optional.empty();
    }

    /** The fd blocked threads write to, and how it was told. */
    private record Pick(OptionalInt fd, String from, Optional<Fd> line) {
    }

    private static Pick guess(Optional<ProcessFds> proc) {
        List<Fd> cands = proc.map(p -> p.fds().stream().filter(f -> f.writes() && pipeLike(f)).toList()).orElse(List.of());
        if (cands.isEmpty()) {
            return new Pick(OptionalInt.empty(), "unknown", Optional.empty());
        }
        if (cands.size() == 1) {
            return new Pick(OptionalInt.of(cands.get(0).fd()), "only pipe", Optional.of(cands.get(0)));
        }
        Fd best = cands.stream().filter(f -> f.fd() == 2).findFirst()
                .or(() -> cands.stream().filter(f -> f.fd() == 1).findFirst())
                .orElseGet(() -> cands.stream().min((a, b) -> Integer.compare(a.fd(), b.fd())).orElseThrow());
        return new Pick(OptionalInt.of(best.fd()), "guess", Optional.of(best));
    }
}
