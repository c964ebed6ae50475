package io.bedside.ui.procs;

import io.bedside.model.procs.ProcsPlaybook;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.main.AreaViewModel;
import io.bedside.ui.fx.TaskRunner;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.util.List;

/**
 * State of the processes area: the findings, zombies per parent, threads in D with their wchan,
 * the cgroups near their pids.max, and the task count against the kernel's limits over the
 * overview's window. Built as every area builds ({@link AreaViewModel}).
 */
public final class ProcsViewModel extends AreaViewModel<ProcsRows> {
    private final ObservableList<ProcsRows.Row> zombies = FXCollections.observableArrayList();
    private final ObservableList<ProcsRows.Row> stuck = FXCollections.observableArrayList();
    private final ObservableList<ProcsRows.Row> cgroups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper tasks = new ReadOnlyStringWrapper(this, "tasks", "");
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");

    public ProcsViewModel(TaskRunner runner) {
        super(runner, new ProcsPlaybook().charts(), "The processes area could not be built");
    }

    @Override
    protected List<String> carriedSections() {
        return List.of("procs-mem", "proc-threads", "pid-limits", "cgroup-pids");
    }

    @Override
    protected ProcsRows buildRows(Sample latest, List<Sample> history, ZoneId zone, ProcsRows shown) {
        return ProcsRows.of(latest, history);
    }

    @Override
    protected List<FindingItem> findingsOf(ProcsRows rows) {
        return rows.findings();
    }

    @Override
    protected void showRows(ProcsRows rows, Sample latest) {
        if (!zombies.equals(rows.zombies())) {
            zombies.setAll(rows.zombies());
        }
        if (!stuck.equals(rows.stuck())) {
            stuck.setAll(rows.stuck());
        }
        if (!cgroups.equals(rows.cgroups())) {
            cgroups.setAll(rows.cgroups());
        }
        tasks.set(rows.tasks());
        absence.set(rows.absence());
    }

    @Override
    protected void clearRows() {
        zombies.clear();
        stuck.clear();
        cgroups.clear();
        tasks.set("");
        absence.set("");
    }

    public ObservableList<ProcsRows.Row> zombies() { return zombies; }
    public ObservableList<ProcsRows.Row> stuck() { return stuck; }
    public ObservableList<ProcsRows.Row> cgroups() { return cgroups; }
    public ReadOnlyStringProperty tasksProperty() { return tasks.getReadOnlyProperty(); }
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
}
