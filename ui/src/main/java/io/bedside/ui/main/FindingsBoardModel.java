package io.bedside.ui.main;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Rule;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.findings.FindingItems;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.overview.HostZone;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The findings board on the first screen: every current finding of every playbook, worst first,
 * each filed under its area, with the time it was first seen. It runs every area's playbook rules
 * on every sample, also for the areas not shown (an area builds its own tables only while it is
 * shown), so a critical finding anywhere is on the first screen and counted in the navigation.
 *
 * <p>Evaluations run off the FX thread, one at a time: a sample that arrives meanwhile waits, and
 * only the newest waiting one is evaluated next. Every public method runs on the FX thread.
 */
public final class FindingsBoardModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** Subject fields that tell one culprit from another (not the counts that change every sample). */
    private static final Set<String> IDENTITY = Set.of("pid", "start", "comm", "semid", "shmid", "msqid", "key", "mount",
            "target", "device", "cgroup", "path", "port", "local", "source", "unit", "name", "limit");

    /**
     * One finding on the board.
     *
     * @param areaId    the id of the area it belongs to (its playbook's)
     * @param areaLabel the area's name, as the navigation shows it
     * @param finding   the finding, as its area lists it
     * @param since     the sample it was first seen in, in this session or replay
     * @param sinceText "since 10:31:02", on the host's clock
     * @param firstSeen whether it was already there in the first sample Bedside has (so it may be older)
     * @param rootNote  one sentence when the finding would be stronger with administrative access
     *                  (a source it rests on needs root); empty otherwise
     */
    public record Entry(String areaId, String areaLabel, FindingItem finding, Instant since, String sinceText,
                       boolean firstSeen, String rootNote) {
    }

    private record Evaluated(Sample latest, List<Tagged> findings, List<String> failures) {
    }

    private record Tagged(Area area, Finding finding) {
    }

    private final TaskRunner runner;
    private final List<Area> areas;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ObservableList<Entry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final Map<String, ReadOnlyIntegerWrapper> counts = new LinkedHashMap<>();
    private final Map<String, ReadOnlyObjectWrapper<Severity>> worst = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper hasSample = new ReadOnlyBooleanWrapper(this, "hasSample", false);
    private final ReadOnlyStringWrapper sampleTime = new ReadOnlyStringWrapper(this, "sampleTime", "");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");
    private final ReadOnlyObjectWrapper<Severity> worstOverall = new ReadOnlyObjectWrapper<>(this, "worst");

    /** When each finding (by {@link #key}) was first seen, for the findings on the board now. */
    private final Map<String, Instant> firstSeen = new HashMap<>();
    /** The first sample of the session or replay position Bedside has: a finding seen there may be older. */
    private Instant earliest;
    private Instant lastEvaluated;

    private Sample pending;
    private Supplier<List<Sample>> pendingHistory;
    private boolean evaluating;
    private boolean disposed;
    private int evaluations;

    /** @param areas the window's areas; the overview (no playbook) is skipped */
    public FindingsBoardModel(TaskRunner runner, List<Area> areas) {
        this.runner = runner;
        this.areas = areas.stream().filter(a -> a.playbook().isPresent()).toList();
        for (Area a : this.areas) {
            counts.put(a.id(), new ReadOnlyIntegerWrapper(this, "count-" + a.id(), 0));
            worst.put(a.id(), new ReadOnlyObjectWrapper<>(this, "worst-" + a.id()));
        }
    }

    /**
     * A new live sample: evaluated with the history up to it ({@code history} is read off the FX
     * thread, when its turn comes).
     */
    public void accept(Sample latest, Supplier<List<Sample>> history) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        if (earliest == null) {
            earliest = latest.sampledAt();
        }
        pending = latest;
        pendingHistory = history;
        evaluate();
    }

    /**
     * Shows the findings of the last of {@code samples} (the session's history on attach, a replay
     * up to its slider). A finding already on the board keeps its first-seen time when the new
     * position is later; a jump back forgets what was seen after it.
     */
    public void showHistory(List<Sample> samples) {
        FxThread.assertFxThread();
        if (disposed) {
            return;
        }
        if (samples.isEmpty()) {
            pending = null;
            entries.clear();
            firstSeen.clear();
            earliest = null;
            lastEvaluated = null;
            hasSample.set(false);
            sampleTime.set("");
            updateCounts();
            return;
        }
        Sample last = samples.get(samples.size() - 1);
        Instant first = samples.get(0).sampledAt();
        if (earliest == null || first.isBefore(earliest)) {
            earliest = first;
        }
        if (lastEvaluated != null && last.sampledAt().isBefore(lastEvaluated)) {
            firstSeen.clear();
            earliest = first;
        }
        List<Sample> copy = List.copyOf(samples);
        pending = last;
        pendingHistory = () -> copy;
        evaluate();
    }

    private void evaluate() {
        if (evaluating || pending == null) {
            return;
        }
        Sample latest = pending;
        Supplier<List<Sample>> history = pendingHistory;
        pending = null;
        pendingHistory = null;
        evaluating = true;
        evaluations++;
        runner.run(() -> run(latest, history), this::show,
                e -> failure.set("The findings could not be evaluated: " + sentence(e)), () -> {
                    evaluating = false;
                    if (!disposed) {
                        evaluate();
                    }
                });
    }

    /** Off the FX thread: every area's rules on {@code latest}; a rule that throws is named, not fatal. */
    private Evaluated run(Sample latest, Supplier<List<Sample>> historySource) {
        List<Sample> history = new ArrayList<>();
        for (Sample s : historySource.get()) {
            if (!s.sampledAt().isAfter(latest.sampledAt())) {
                history.add(s);
            }
        }
        if (history.isEmpty() || history.get(history.size() - 1) != latest) {
            history.add(latest);
        }
        List<Tagged> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Area a : areas) {
            for (Rule r : a.playbook().orElseThrow().rules()) {
                try {
                    for (Finding f : r.evaluate(latest, history)) {
                        out.add(new Tagged(a, f));
                    }
                } catch (RuntimeException e) {
                    failures.add("the rule " + r.id() + " of the " + a.label() + " area failed (" + sentence(e) + ")");
                }
            }
        }
        return new Evaluated(latest, out, failures);
    }

    private void show(Evaluated ev) {
        if (disposed) {
            return;
        }
        Sample latest = ev.latest();
        ZoneId zone = latest.facts().get().flatMap(HostZone::of).orElse(ZoneId.systemDefault());
        Map<String, Instant> seen = new HashMap<>();
        List<Entry> next = new ArrayList<>();
        for (Tagged t : ev.findings()) {
            String k = key(t.area(), t.finding());
            Instant since = firstSeen.getOrDefault(k, latest.sampledAt());
            if (since.isAfter(latest.sampledAt())) {
                since = latest.sampledAt();
            }
            seen.putIfAbsent(k, since);
            boolean atFirst = earliest != null && !since.isAfter(earliest);
            next.add(new Entry(t.area().id(), t.area().label(), FindingItems.of(t.finding()), since,
                    sinceText(since, latest.sampledAt(), zone), atFirst, rootNote(t.finding(), latest)));
        }
        firstSeen.clear();
        firstSeen.putAll(seen);
        List<String> order = areas.stream().map(Area::id).toList();
        next.sort(Comparator.comparing((Entry e) -> e.finding().severity()).reversed()
                .thenComparingInt(e -> order.indexOf(e.areaId()))
                .thenComparing(Entry::since)
                .thenComparing(e -> e.finding().id()));
        if (!entries.equals(next)) {
            entries.setAll(next);
        }
        lastEvaluated = latest.sampledAt();
        hasSample.set(true);
        sampleTime.set(DATE_CLOCK.format(latest.sampledAt().atZone(zone)));
        failure.set(ev.failures().isEmpty() ? "" : "Some findings may be missing: " + String.join("; ", ev.failures()) + ".");
        updateCounts();
    }

    private void updateCounts() {
        Map<String, Integer> n = new HashMap<>();
        Map<String, Severity> w = new HashMap<>();
        Severity all = null;
        for (Entry e : entries) {
            n.merge(e.areaId(), 1, Integer::sum);
            Severity s = e.finding().severity();
            w.merge(e.areaId(), s, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            all = all == null || s.compareTo(all) > 0 ? s : all;
        }
        for (Area a : areas) {
            counts.get(a.id()).set(n.getOrDefault(a.id(), 0));
            worst.get(a.id()).set(w.get(a.id()));
        }
        worstOverall.set(all);
    }

    /**
     * One sentence when {@code f} rests on a source that needs root on this host (a source subject
     * of status needs-root, an evidence section the probe could not read without it, or a summary
     * that says so); empty otherwise.
     */
    static String rootNote(Finding f, Sample latest) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        boolean said = f.summary().contains("needs root");
        for (Subject s : f.subjects()) {
            if (s.is(Subject.Kind.SOURCE) && "needs-root".equals(String.valueOf(s.get("status"))) && s.get("source") != null) {
                names.add(String.valueOf(s.get("source")));
            }
            Object reason = s.get("reason");
            said |= reason != null && String.valueOf(reason).contains("needs root");
        }
        for (io.bedside.model.findings.Evidence e : f.evidence()) {
            latest.output().section(e.source()).filter(x -> x.status() == io.bedside.model.probe.SourceStatus.NEEDS_ROOT)
                    .ifPresent(x -> names.add(x.name()));
        }
        if (names.isEmpty() && !said) {
            return "";
        }
        return names.isEmpty() ? "Administrative access (sudo) would make this finding sure: some of what it rests on needs root."
                : "Administrative access (sudo) would make this finding sure: " + String.join(", ", names)
                  + (names.size() == 1 ? " needs" : " need") + " root.";
    }

    /** "since 10:31:02"; with the date when it was first seen on another day than the sample. */
    static String sinceText(Instant since, Instant now, ZoneId zone) {
        boolean sameDay = since.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return "since " + (sameDay ? CLOCK : DATE_CLOCK).format(since.atZone(zone));
    }

    /**
     * One finding about one culprit: its id, its area and its first subject's identifying fields
     * (a list of orphans that grows by one is the same finding; another process is not).
     */
    static String key(Area area, Finding f) {
        StringBuilder b = new StringBuilder(area.id()).append('|').append(f.id());
        for (Subject s : f.subjects().stream().limit(1).toList()) {
            b.append('|').append(s.kind().token());
            s.forEach((k, v) -> {
                if (IDENTITY.contains(k)) {
                    b.append(';').append(k).append('=').append(v);
                }
            });
        }
        return b.toString();
    }

    public void dispose() {
        FxThread.assertFxThread();
        disposed = true;
        pending = null;
        pendingHistory = null;
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
    }

    /** Every current finding, worst first, then by area in the navigation's order, then the oldest first. */
    public ObservableList<Entry> entries() { return entriesView; }
    /** How many findings the area with {@code areaId} has now. */
    public ReadOnlyIntegerProperty countProperty(String areaId) { return counts.get(areaId).getReadOnlyProperty(); }
    /** The worst of them; null when none. */
    public ReadOnlyObjectProperty<Severity> worstProperty(String areaId) { return worst.get(areaId).getReadOnlyProperty(); }
    /** The worst finding on the board; null when none. */
    public ReadOnlyObjectProperty<Severity> worstOverallProperty() { return worstOverall.getReadOnlyProperty(); }
    /** Whether a sample was evaluated (nothing is said before the first). */
    public ReadOnlyBooleanProperty hasSampleProperty() { return hasSample.getReadOnlyProperty(); }
    /** The time of the sample the board shows, on the host's clock. */
    public ReadOnlyStringProperty sampleTimeProperty() { return sampleTime.getReadOnlyProperty(); }
    /** Why findings may be missing (a rule failed); empty when none did. */
    public ReadOnlyStringProperty failureProperty() { return failure.getReadOnlyProperty(); }
    /** The areas the board files findings under, in the navigation's order. */
    public List<Area> areas() { return areas; }
    /** How many evaluations ran (coalescing makes it fewer than the samples); for tests. */
    public int evaluations() { return evaluations; }
}
