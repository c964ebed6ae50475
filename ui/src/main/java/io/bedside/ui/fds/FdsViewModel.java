package io.bedside.ui.fds;

import io.bedside.model.fds.FdsPlaybook;
import io.bedside.model.sample.Sample;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaViewModel;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.ZoneId;
import java.util.List;

/**
 * State of the File descriptors area: the fd findings; the system's open-file table against
 * fs.file-max and the most-used process limit over the overview's window (the playbook's charts);
 * and the processes by use of their RLIMIT_NOFILE, with what grew. Built as every area builds
 * ({@link AreaViewModel}).
 */
public final class FdsViewModel extends AreaViewModel<FdsRows> {
    private final ObservableList<FdProcessRow> rows = FXCollections.observableArrayList();
    private final FilteredList<FdProcessRow> filtered = new FilteredList<>(rows);
    private final SortedList<FdProcessRow> sorted = new SortedList<>(filtered);
    private final ObservableList<FdProcessRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper table = new ReadOnlyStringWrapper(this, "table", "");
    private final ReadOnlyStringWrapper tableAbsence = new ReadOnlyStringWrapper(this, "tableAbsence", "");
    private final ReadOnlyDoubleWrapper tableUse = new ReadOnlyDoubleWrapper(this, "tableUse", 0);
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");

    public FdsViewModel(TaskRunner runner) {
        super(runner, new FdsPlaybook().charts(), "The file descriptors area could not be built");
        filter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim();
            filtered.setPredicate(f.isEmpty() ? null : r -> r.matches(f));
        });
    }

    @Override
    protected List<String> carriedSections() {
        return List.of("proc-fds", "fs-file");
    }

    @Override
    protected FdsRows buildRows(Sample latest, List<Sample> history, ZoneId zone, FdsRows shown) {
        return FdsRows.of(latest, history);
    }

    @Override
    protected List<FindingItem> findingsOf(FdsRows r) {
        return r.findings();
    }

    @Override
    protected void showRows(FdsRows r, Sample latest) {
        if (!rows.equals(r.rows())) {
            rows.setAll(r.rows());
        }
        table.set(r.table());
        tableAbsence.set(r.tableAbsence());
        tableUse.set(Double.isNaN(r.tableUse()) ? -1 : r.tableUse());
        absence.set(r.absence());
        count.set(r.count());
    }

    @Override
    protected void clearRows() {
        rows.clear();
        table.set("");
        tableAbsence.set("");
        tableUse.set(0);
        absence.set("");
        count.set("");
    }

    /** The rows as the table shows them: filtered, sorted by the table's comparator (bind it). */
    public SortedList<FdProcessRow> rows() { return sorted; }
    /** Every process, most of its limit first. */
    public ObservableList<FdProcessRow> allRows() { return rowsView; }
    public StringProperty filterProperty() { return filter; }
    /** The system's table in one line, or why it is not known. */
    public ReadOnlyStringProperty tableProperty() { return table.getReadOnlyProperty(); }
    /** Why the system's table is not known; empty when it is. */
    public ReadOnlyStringProperty tableAbsenceProperty() { return tableAbsence.getReadOnlyProperty(); }
    /** allocated / file-max, 0..1; -1 when not known. */
    public ReadOnlyDoubleProperty tableUseProperty() { return tableUse.getReadOnlyProperty(); }
    /** Why the processes are not known; empty when they are. */
    public ReadOnlyStringProperty absenceProperty() { return absence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty countProperty() { return count.getReadOnlyProperty(); }
}
