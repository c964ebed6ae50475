package io.bedside.ui.disk;

import io.bedside.model.disk.DiskPlaybook;
import io.bedside.model.disk.DiskSnapshot;
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
 * State of the Disk area: the file systems with their block and inode use, growth and time to full;
 * the deleted files still held open, largest first; two charts (the fullest file system's blocks
 * and inodes, the space deleted files hold); the disk findings and the fixes they offer. Built as
 * every area is ({@link AreaViewModel}).
 */
public final class DiskViewModel extends AreaViewModel<DiskRows> {
    private final ObservableList<DiskRows.FsRow> fileSystems = FXCollections.observableArrayList();
    private final ObservableList<DiskRows.HeldRow> held = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper fsAbsence = new ReadOnlyStringWrapper(this, "fsAbsence", "");
    private final ReadOnlyStringWrapper heldAbsence = new ReadOnlyStringWrapper(this, "heldAbsence", "");
    private final ReadOnlyStringWrapper heldSummary = new ReadOnlyStringWrapper(this, "heldSummary", "");

    public DiskViewModel(TaskRunner runner) {
        super(runner, new DiskPlaybook().charts(), "The disk tables could not be built");
    }

    @Override
    protected DiskRows buildRows(Sample latest, List<Sample> history, ZoneId zone, DiskRows shown) {
        return DiskRows.of(latest, history);
    }

    @Override
    protected List<FindingItem> findingsOf(DiskRows rows) {
        return rows.findings();
    }

    @Override
    protected void showRows(DiskRows rows, Sample latest) {
        fileSystems.setAll(rows.fileSystems());
        held.setAll(rows.held());
        fsAbsence.set(rows.fsAbsence());
        heldAbsence.set(rows.heldAbsence());
        long sum = rows.held().stream().mapToLong(DiskRows.HeldRow::heldBytes).sum();
        heldSummary.set(rows.held().isEmpty() ? "" : rows.held().size() + " fd" + (rows.held().size() == 1 ? "" : "s")
                + " of deleted files, " + io.bedside.ui.fx.Units.bytes(sum) + " held (a file held by several fds counts once per fd here)");
    }

    @Override
    protected void clearRows() {
        fileSystems.clear();
        held.clear();
        fsAbsence.set("");
        heldAbsence.set("");
        heldSummary.set("");
    }

    @Override
    protected List<String> carriedSections() {
        return DiskSnapshot.SECTIONS;
    }

    public ObservableList<DiskRows.FsRow> fileSystems() { return FXCollections.unmodifiableObservableList(fileSystems); }
    public ObservableList<DiskRows.HeldRow> held() { return FXCollections.unmodifiableObservableList(held); }
    public ReadOnlyStringProperty fsAbsenceProperty() { return fsAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty heldAbsenceProperty() { return heldAbsence.getReadOnlyProperty(); }
    public ReadOnlyStringProperty heldSummaryProperty() { return heldSummary.getReadOnlyProperty(); }
}
