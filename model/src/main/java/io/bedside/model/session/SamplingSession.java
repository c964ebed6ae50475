package io.bedside.model.session;

import io.bedside.model.port.HostTransport;
import io.bedside.model.port.ProbeResult;
import io.bedside.model.port.TransportException;
import io.bedside.model.probe.ProbeBoundary;
import io.bedside.model.probe.RawSample;
import io.bedside.model.sample.ListOnDemand;
import io.bedside.model.sample.Sample;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.sample.SampleParser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples one host live: one probe run per interval over an open connection. On a drop it keeps
 * the last data (marked stale) and reconnects with backoff. It only ever runs the read-only probe,
 * so retrying is safe; nothing that changes the host goes through here.
 */
public final class SamplingSession implements AutoCloseable {
    private static final SampleParser PARSER = Playbooks.parser();
    /** Samples kept for charts and rules: 15 minutes at the default 2 s interval (fewer when they are big, see {@link #HISTORY_HEAP}). */
    public static final int HISTORY = 450;
    /**
     * At most this much heap, as measured when each sample was parsed, is held by the samples kept
     * for charts and rules ({@link SampleHistory}; every area keeps the same samples): a host that
     * prints 64 MB per sample would otherwise fill any heap. The newest two are always kept. On a
     * typical host (200-400 kB of heap a sample) that is about 10 minutes, which the rules' longest
     * look-back (the disk growth's 10 minutes) needs; the charts keep their own 15 minutes of points.
     */
    public static final long HISTORY_HEAP = 64L * 1024 * 1024;
    /**
     * At most this much raw probe output (in chars) is kept for a report of the live session
     * ({@link #rawHistory()}); the newest sample's is always kept. On a typical host (20-30 kB per
     * sample) that is the whole history; on a host printing megabytes, the newest samples' only.
     * Recordings do not need it: they write every output as it arrives.
     */
    public static final long RAW_HISTORY_CHARS = 32L * 1024 * 1024;
    /**
     * How often a live session takes a full sample. In between it takes light ones ({@code BS_LIGHT=1}):
     * the sections that walk every process and thread are skipped on the host and carried from the
     * last full sample, which halves what sampling costs the host (see the probe's header).
     */
    public static final Duration FULL_EVERY = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String source;
    private final TransportFactory factory;
    private final String probeScript;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final Clock clock;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RawSampleListener> rawListeners = new CopyOnWriteArrayList<>();
    private final SampleHistory history = new SampleHistory();
    /** The raw output of the newest samples, same order, within {@link #RAW_HISTORY_CHARS}: what a report of the session replays. */
    private final Deque<RawSample> rawHistory = new ArrayDeque<>();
    private long rawChars;

    private volatile Duration interval = Duration.ofSeconds(2);
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean privileged;
    /** Why sudo was last refused, until it is asked for again. */
    private volatile Optional<String> privilegeRefusal = Optional.empty();
    private volatile Duration probeTimeout = Duration.ofSeconds(30);
    private HostTransport transport;
    private ScheduledFuture<?> next;
    private int failures;
    private volatile SessionStatus status;
    /** When the last full sample arrived; null: the next sample is full. */
    private volatile Instant lastFull;
    /** What the parts carry to the next probe run (the kernel log's cursor...), by part type. */
    private final Map<Class<?>, String> carried = new HashMap<>();
    /**
     * The lists on demand full samples read whole ({@link ListOnDemand}, by name; null: every one, as
     * record and diagnose have it). The window wants the ones its shown area lists (the Sockets area:
     * the TCP list); the others are reduced on the host and the last one read whole is carried (for
     * the TCP list: counted, and the sockets in the states the rules watch stay fresh).
     */
    private volatile Set<String> wantedLists;
    /** The list was asked for again: the next sample is a full one. */
    private volatile boolean listAsked;
    /** The lines put in front of the next probe run: the parts' preludes. */
    private volatile String prelude = PARSER.prelude(null, carried);
    /** The same, less what only a full run reads ({@link SampleParser#lightPrelude}). */
    private volatile String lightPrelude = PARSER.lightPrelude(carried);

    /** Receives the raw output of every sample, for recordings. */
    @FunctionalInterface
    public interface RawSampleListener {
        void onRawSample(RawSample raw);
    }

    public SamplingSession(String source, TransportFactory factory, String probeScript,
                           ScheduledExecutorService executor, Clock clock) {
        this(source, factory, probeScript, executor, clock, false);
    }

    /**
     * @param ownsExecutor the session was given its own executor and shuts it down on {@link #close()},
     *                     so a closed session leaves no thread behind
     */
    public SamplingSession(String source, TransportFactory factory, String probeScript,
                           ScheduledExecutorService executor, Clock clock, boolean ownsExecutor) {
        this.ownsExecutor = ownsExecutor;
        this.source = source;
        this.factory = factory;
        this.probeScript = probeScript;
        this.executor = executor;
        this.clock = clock;
        this.status = SessionStatus.initial(source);
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
    }

    public void addRawListener(RawSampleListener l) {
        rawListeners.add(l);
    }

    public void removeRawListener(RawSampleListener l) {
        rawListeners.remove(l);
    }

    public String source() {
        return source;
    }

    public SessionStatus status() {
        return status;
    }

    public Duration interval() {
        return interval;
    }

    /** Starts connecting and sampling; returns at once. */
    public synchronized void start() {
        schedule(Duration.ZERO);
    }

    public synchronized void setInterval(Duration d) {
        if (d.toMillis() < 200) {
            throw new IllegalArgumentException("The sampling interval must be at least 0.2 s.");
        }
        this.interval = d;
    }

    /** Switches administrative access (sudo) on or off for the probe. */
    public void setPrivileged(boolean on) {
        // what root can read differs: the next sample reads everything again
        lastFull = null;
        this.privileged = on;
        if (on) {
            privilegeRefusal = Optional.empty();
        }
    }

    public boolean isPrivileged() {
        return privileged;
    }

    /**
     * Why administrative access was switched off by the session itself (sudo refused: not
     * installed, a wrong password, not in sudoers), in one sentence; empty when it was not, or
     * when it was asked for again since.
     */
    public Optional<String> privilegeRefusal() {
        return privilegeRefusal;
    }

    public void setProbeTimeout(Duration t) {
        this.probeTimeout = t;
    }

    public synchronized void pause() {
        paused = true;
        if (next != null) {
            next.cancel(false);
        }
        publish(status.with(ConnectionState.PAUSED, Optional.empty(), false));
    }

    public synchronized void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        schedule(Duration.ZERO);
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * The lists on demand full samples read whole ({@link ListOnDemand#name()}); the others are left
     * to the host. A list wanted again makes the next sample a full one, within the interval.
     */
    public void setWantedLists(Set<String> names) {
        Set<String> now = Set.copyOf(names);
        Set<String> was = wantedLists;
        if (was != null && !was.containsAll(now)) {
            listAsked = true;
        }
        wantedLists = now;
    }

    /** Whether full samples read the list of this name whole (every list unless told otherwise). */
    public boolean wantsList(String name) {
        Set<String> w = wantedLists;
        return w == null || w.contains(name);
    }

    /** Takes one sample now (also while paused). */
    public synchronized void sampleNow() {
        lastFull = null;
        if (next != null) {
            next.cancel(false);
        }
        schedule(Duration.ZERO);
    }

    public synchronized List<Sample> history() {
        return history.toList();
    }

    /**
     * The raw probe output of the newest samples, oldest first, at most {@link #RAW_HISTORY_CHARS}
     * (the newest always): replaying it gives the same samples. It may go back less far than
     * {@link #history()} when the host prints megabytes per sample.
     */
    public synchronized List<RawSample> rawHistory() {
        return new ArrayList<>(rawHistory);
    }

    /** The open transport, for fix wizards that need the same connection; empty while disconnected. */
    public synchronized Optional<HostTransport> transport() {
        return Optional.ofNullable(transport).filter(HostTransport::isOpen);
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        next = executor.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        HostTransport t;
        synchronized (this) {
            if (closed) {
                return;
            }
            t = transport;
        }
        long started = System.nanoTime();
        try {
            if (t == null || !t.isOpen()) {
                publish(status.with(failures == 0 && history.isEmpty() ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING,
                        status.message(), !history.isEmpty()));
                t = factory.open();
                synchronized (this) {
                    if (closed) {
                        t.close();
                        return;
                    }
                    transport = t;
                }
                StartupTrace.mark("connected and authenticated");
                // connected (again): the first sample reads everything
                lastFull = null;
            }
            Instant full = lastFull;
            boolean light = full != null && !listAsked && Duration.between(full, clock.instant()).compareTo(FULL_EVERY) < 0;
            listAsked = false;
            String leaveOut = "";
            Set<String> wanted = wantedLists;
            if (full != null && !light && wanted != null) {
                synchronized (this) {
                    leaveOut = PARSER.leaveOut(wanted, history.newest());
                }
            }
            ProbeBoundary boundary = ProbeBoundary.fresh();
            // a full sample on connect and on "Sample now" reads everything (no fd skipped, the boots
            // read again): it stands alone, so a replay of the recording can start at it
            ProbeResult r = t.run(boundary.wrap((light ? "BS_LIGHT=1\n" + lightPrelude : leaveOut + prelude)
                            + (full == null ? PARSER.standAlone() : "")
                            + probeScript),
                    privileged, probeTimeout);
            StartupTrace.mark("first probe output received");
            String out = r.stdout();
            if (r.truncated()) {
                out = out + "\n";
            }
            RawSample raw = new RawSample(clock.instant(), r.roundTripMillis(), out, r.stderr());
            rawListeners.forEach(l -> l.onRawSample(raw));
            Sample previous;
            synchronized (this) {
                previous = history.newest();
            }
            Sample s = PARSER.parse(source, raw.receivedAt(), out, r.roundTripMillis(), previous, boundary.token());
            StartupTrace.mark("first sample parsed");
            if (!light) {
                lastFull = raw.receivedAt();
            }
            prelude = PARSER.prelude(s, carried);
            lightPrelude = PARSER.lightPrelude(carried);
            synchronized (this) {
                history.add(s);
                rawHistory.addLast(raw);
                rawChars += chars(raw);
                while (rawHistory.size() > 1 && (rawHistory.size() > history.size() || rawChars > RAW_HISTORY_CHARS)) {
                    rawChars -= chars(rawHistory.removeFirst());
                }
                failures = 0;
            }
            listeners.forEach(l -> l.onSample(s));
            publish(new SessionStatus(source, paused ? ConnectionState.PAUSED : ConnectionState.LIVE,
                    OptionalLong.of(r.roundTripMillis()), s.stats().probeNanos(), OptionalLong.of(s.stats().bytes()),
                    Optional.of(s.sampledAt()), r.truncated()
                    ? Optional.of("The probe output exceeded the size cap and was cut; some sources are incomplete.")
                    : Optional.empty(), false, s.stats().cpuTicks(), s.output().costs()));
            synchronized (this) {
                if (!paused) {
                    long spent = (System.nanoTime() - started) / 1_000_000;
                    schedule(Duration.ofMillis(Math.max(0, interval.toMillis() - spent)));
                }
            }
        } catch (TransportException e) {
            onFailure(e, t);
        } catch (OutOfMemoryError e) {
            // a sample too big for the heap: this one is lost, not the session (its thread would die
            // with it and the window would go on saying Live)
            onFailure(new TransportException(TransportException.Kind.OTHER,
                    "A sample was too large for the memory Bedside has (BEDSIDE_HEAP raises it); it was dropped.", null), t);
        } catch (RuntimeException e) {
            onFailure(new TransportException(TransportException.Kind.OTHER,
                    "Sampling failed unexpectedly: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e), t);
        }
    }

    private static long chars(RawSample r) {
        return (r.output() == null ? 0 : r.output().length()) + (r.errors() == null ? 0 : r.errors().length());
    }

    private void onFailure(TransportException e, HostTransport t) {
        if (e.kind() == TransportException.Kind.PRIVILEGE && privileged) {
            // sudo was refused (no sudo, a wrong password, not in sudoers) on a connection that
            // is fine: sampling goes on over it without sudo at once, and the operator is told why
            privileged = false;
            // the next sample reads everything as the login user: nothing read as root is carried
            // into it (a light sample's sections, the fds of processes the last full one skipped)
            lastFull = null;
            String why = sentence(e.getMessage()) + " Administrative access is off; sampling goes on without it.";
            privilegeRefusal = Optional.of(why);
            publish(status.with(status.state() == ConnectionState.CONNECTING ? ConnectionState.CONNECTING : ConnectionState.LIVE,
                    Optional.of(why), false));
            synchronized (this) {
                if (t != null && !t.isOpen()) {
                    t.close();
                    transport = null;
                }
                if (!paused && !closed) {
                    schedule(Duration.ZERO);
                }
            }
            return;
        }
        synchronized (this) {
            if (t != null) {
                t.close();
            }
            transport = null;
            failures++;
            if (closed) {
                return;
            }
        }
        boolean fatal = e.kind() == TransportException.Kind.HOST_KEY || e.kind() == TransportException.Kind.AUTH
                || e.kind() == TransportException.Kind.CANCELLED;
        if (fatal) {
            publish(status.with(ConnectionState.FAILED, Optional.of(e.getMessage()), !history.isEmpty()));
            return;
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L * (1L << Math.min(5, failures - 1)));
        publish(status.with(ConnectionState.RECONNECTING,
                Optional.of(e.getMessage() + " Retrying in " + (backoff / 1000) + " s."), !history.isEmpty()));
        synchronized (this) {
            if (!paused) {
                schedule(Duration.ofMillis(backoff));
            }
        }
    }

    private static String sentence(String m) {
        String t = m == null || m.isBlank() ? "sudo was refused" : m.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    private void publish(SessionStatus s) {
        status = s;
        listeners.forEach(l -> l.onStatus(s));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(true);
        }
        if (transport != null) {
            transport.close();
            transport = null;
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        publish(status.with(ConnectionState.CLOSED, Optional.empty(), false));
    }
}
