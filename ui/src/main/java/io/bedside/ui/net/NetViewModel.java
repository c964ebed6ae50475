package io.bedside.ui.net;

import io.bedside.model.net.NetPlaybook;
import io.bedside.model.net.NetSnapshot;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaViewModel;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.util.List;

/**
 * State of the network limits area: its findings; the busiest client tuple against the local port
 * range, conntrack's use and the listen drop rates over the overview's window; the client tuples by
 * their use of the range; the listening sockets with their queues and owners. Built as every area
 * builds ({@link AreaViewModel}): off the FX thread, only while shown.
 */
public final class NetViewModel extends AreaViewModel<NetRows> {
    private final ObservableList<NetRows.TupleRow> tuples = FXCollections.observableArrayList();
    private final ObservableList<NetRows.ListenerRow> listeners = FXCollections.observableArrayList();
    private final ObservableList<NetRows.TupleRow> tuplesView = FXCollections.unmodifiableObservableList(tuples);
    private final ObservableList<NetRows.ListenerRow> listenersView = FXCollections.unmodifiableObservableList(listeners);
    private final ReadOnlyStringWrapper limits = new ReadOnlyStringWrapper(this, "limits", "");
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");

    public NetViewModel(TaskRunner runner) {
        super(runner, new NetPlaybook().charts(), "The network limits area could not be built");
    }

    @Override
    protected List<String> carriedSections() {
        return List.of(NetSnapshot.LIMITS);
    }

    @Override
    protected NetRows buildRows(Sample latest, List<Sample> history, ZoneId zone, NetRows shown) {
        return NetRows.of(latest, history);
    }

    @Override
    protected List<FindingItem> findingsOf(NetRows rows) {
        return rows.findings();
    }

    @Override
    protected void showRows(NetRows rows, Sample latest) {
        if (!tuples.equals(rows.tuples())) {
            tuples.setAll(rows.tuples());
        }
        if (!listeners.equals(rows.listeners())) {
            listeners.setAll(rows.listeners());
        }
        limits.set(rows.limits());
        absence.set(rows.absence());
    }

    @Override
    protected void clearRows() {
        tuples.clear();
        listeners.clear();
        limits.set("");
        absence.set("");
    }

    /** Client tuples, busiest first. */
    public ObservableList<NetRows.TupleRow> tuples() { return tuplesView; }
    /** Listening sockets, fullest queue first. */
    public ObservableList<NetRows.ListenerRow> listeners() { return listenersView; }
    public ReadOnlyStringProperty limitsProperty() { return limits.getReadOnlyProperty(); }
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
}
