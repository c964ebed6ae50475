package io.bedside.ui.cpu;

import io.bedside.model.cpu.CpuPlaybook;
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
 * State of the CPU area: the CPU findings; the cgroups with a CPU quota by throttling, with their
 * quota against what they used; CPU pressure, the run queue and steal over the overview's window.
 * Built as every area builds ({@link AreaViewModel}).
 */
public final class CpuViewModel extends AreaViewModel<CpuRows> {
    private final ObservableList<CgroupRow> cgroups = FXCollections.observableArrayList();
    private final ObservableList<CgroupRow> cgroupsView = FXCollections.unmodifiableObservableList(cgroups);
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");

    public CpuViewModel(TaskRunner runner) {
        super(runner, new CpuPlaybook().charts(), "The CPU area could not be built");
    }

    @Override
    protected List<String> carriedSections() {
        return List.of("cgroup-cpu");
    }

    @Override
    protected CpuRows buildRows(Sample latest, List<Sample> history, ZoneId zone, CpuRows shown) {
        return CpuRows.of(latest, history);
    }

    @Override
    protected List<FindingItem> findingsOf(CpuRows rows) {
        return rows.findings();
    }

    @Override
    protected void showRows(CpuRows rows, Sample latest) {
        if (!cgroups.equals(rows.cgroups())) {
            cgroups.setAll(rows.cgroups());
        }
        absence.set(rows.absence());
        state.set(rows.state());
    }

    @Override
    protected void clearRows() {
        cgroups.clear();
        absence.set("");
        state.set("");
    }

    /** The cgroups with a quota, most throttled first. */
    public ObservableList<CgroupRow> cgroups() { return cgroupsView; }
    /** Why the cgroup table is empty; empty when it is not. */
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
    /** One line of the host's CPU state now. */
    public ReadOnlyStringProperty stateProperty() { return state.getReadOnlyProperty(); }
}
