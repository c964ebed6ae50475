package io.bedside.ui.sockets;

import io.bedside.model.sample.Sample;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.model.sockets.SocketSnapshot;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;

/**
 * State of the sockets area (seed 004: a pile of CLOSE_WAIT sockets behind threads blocked writing
 * to a pipe nobody read): the socket findings; TCP sockets per state over the overview's 15-minute
 * window; the sockets grouped by process or by local port; the drill-down of the selected process
 * (threads, fds, pipes and their other end, stdout and stderr); and the chain of each blocked pipe.
 * Built as every area builds ({@link AreaViewModel}): off the FX thread, coalesced, and only while
 * shown ({@link #setActive}); hidden, samples only add their chart points.
 */
public final class SocketsViewModel extends AreaViewModel<SocketRows> {
    private final ObservableList<PipeChain> chains = FXCollections.observableArrayList();
    private final ObservableList<PipeChain> chainsView = FXCollections.unmodifiableObservableList(chains);
    private final ObservableList<SocketGroupRow> groups = FXCollections.observableArrayList();
    private final FilteredList<SocketGroupRow> groupsFiltered = new FilteredList<>(groups);
    private final SortedList<SocketGroupRow> groupsSorted = new SortedList<>(groupsFiltered);
    private final ObservableList<SocketGroupRow> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final BooleanProperty byPort = new SimpleBooleanProperty(this, "byPort", false);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<Integer> selectedPid = new SimpleObjectProperty<>(this, "selectedPid");
    private final ReadOnlyObjectWrapper<ProcessDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");
    private final ReadOnlyStringWrapper ownerNote = new ReadOnlyStringWrapper(this, "ownerNote", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");

    private final SocketGroupHistory groupHistory = new SocketGroupHistory();
    /** The pid whose drill-down the next build prepares: the selected one, read off the FX thread. */
    private volatile Integer detailPid;
    /**
     * The drill-down a build prepared with its rows: a process holding 100,000 sockets has 100,000
     * fd rows, which took ~0.4 s to build on the FX thread with every sample while it was selected.
     */
    private volatile Prepared prepared;

    private record Prepared(SocketRows rows, int pid, ProcessDetail detail) {
    }

    public SocketsViewModel(TaskRunner runner) {
        super(runner, new SocketPlaybook().charts(), "The sockets area could not be built");
        filter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim();
            groupsFiltered.setPredicate(f.isEmpty() ? null : r -> r.matches(f));
        });
        byPort.addListener((o, was, now) -> showGroups());
        selectedPid.addListener((o, was, now) -> {
            detailPid = now;
            showDetail();
        });
    }

    // ------------------------------------------------------------------ samples

    @Override
    protected List<String> carriedSections() {
        // ss-tcp: carried on light samples, and on full ones while the area was not showing (the host counted it then)
        return List.of(SocketSnapshot.FDS, SocketSnapshot.THREADS, SocketSnapshot.SS_UDP, SocketSnapshot.SS_TCP);
    }

    @Override
    protected void forgetHistory() {
        groupHistory.clear();
    }

    @Override
    protected SocketRows buildRows(Sample latest, List<Sample> history, ZoneId zone, SocketRows shown) {
        SocketRows rows = SocketRows.of(latest, history, groupHistory);
        Integer pid = detailPid;
        if (pid == null && !rows.chains().isEmpty()) {
            pid = rows.chains().get(0).pid();   // what showRows will drill into
        }
        if (pid != null && pid >= 0) {
            prepared = new Prepared(rows, pid, detailOf(rows, pid));
        }
        return rows;
    }

    @Override
    protected List<FindingItem> findingsOf(SocketRows rows) {
        return rows.findings();
    }

    @Override
    protected void showRows(SocketRows rows, Sample latest) {
        if (!chains.equals(rows.chains())) {
            chains.setAll(rows.chains());
        }
        absence.set(rows.absence());
        ownerNote.set(rows.ownerNote());
        count.set(rows.count());
        showGroups();
        if (selectedPid.get() == null && !rows.chains().isEmpty()) {
            selectedPid.set(rows.chains().get(0).pid());   // the process the chain is about, drilled into at once
        } else {
            showDetail();
        }
    }

    private void showGroups() {
        SocketRows rows = shown();
        if (rows == null) {
            return;
        }
        List<SocketGroupRow> g = byPort.get() ? rows.byPort() : rows.byProcess();
        if (!groups.equals(g)) {
            groups.setAll(g);
        }
    }

    private void showDetail() {
        SocketRows rows = shown();
        Integer pid = selectedPid.get();
        if (rows == null || pid == null || pid < 0) {
            detail.set(null);
            return;
        }
        // the build's, when it prepared this one; a new selection is built here, once
        Prepared p = prepared;
        detail.set(p != null && p.rows() == rows && p.pid() == pid ? p.detail() : detailOf(rows, pid));
    }

    private static ProcessDetail detailOf(SocketRows rows, int pid) {
        String name = rows.byProcess().stream().filter(r -> r.pid() == pid).map(SocketGroupRow::name).findFirst().orElse("?");
        return ProcessDetail.of(rows.snapshot(), pid, name);
    }

    @Override
    protected void clearRows() {
        chains.clear();
        groups.clear();
        detail.set(null);
        prepared = null;
        for (ReadOnlyStringWrapper w : List.of(absence, ownerNote, count)) {
            w.set("");
        }
    }

    // ------------------------------------------------------------------ read-only views

    /** The chain of each blocked pipe, worst first. */
    public ObservableList<PipeChain> chains() { return chainsView; }
    /** The rows as the table shows them: filtered, and sorted by the table's comparator (bind it). */
    public SortedList<SocketGroupRow> groups() { return groupsSorted; }
    /** Every row of the grouping shown, worst (most CLOSE_WAIT) first. */
    public ObservableList<SocketGroupRow> allGroups() { return groupsView; }
    /** Group by local port instead of by process. */
    public BooleanProperty byPortProperty() { return byPort; }
    public StringProperty filterProperty() { return filter; }
    /** The process drilled into, kept across samples. */
    public ObjectProperty<Integer> selectedPidProperty() { return selectedPid; }
    public ReadOnlyObjectProperty<ProcessDetail> detailProperty() { return detail.getReadOnlyProperty(); }
    /** Why the socket tables are not known; empty when they are. */
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty ownerNoteProperty() { return ownerNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty countProperty() { return count.getReadOnlyProperty(); }
}
