package io.bedside.ui.ipc;

import io.bedside.ui.fx.FxThread;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One IPC table's state: its rows, the filter and group selection over them, the group summary
 * and the count. The view binds a TableView's comparator to {@link #rows()}'s, so sorting stays
 * in the view's columns and survives updates.
 *
 * <p>Updates keep what did not change: when the same objects come back in the same order, only
 * the rows that differ are replaced (so selection and scroll position stay); otherwise the list is
 * swapped in one change. Either way the table sees one change per sample at most
 * {@value #MAX_SINGLE_REPLACEMENTS} rows wide or a single swap.
 */
public final class IpcTableModel<R extends IpcRow> {
    /** Above this many changed rows, one swap is cheaper than row-by-row replacement. */
    static final int MAX_SINGLE_REPLACEMENTS = 64;

    private final String one;
    private final String many;
    private final LongFunction<String> weight;
    private final ObservableList<R> source = FXCollections.observableArrayList();
    private final ObservableList<R> sourceView = FXCollections.unmodifiableObservableList(source);
    private final FilteredList<R> filtered = new FilteredList<>(source);
    private final SortedList<R> sorted = new SortedList<>(filtered);
    private final ObservableList<GroupRow> groups = FXCollections.observableArrayList();
    private final ObservableList<GroupRow> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ObjectProperty<String> selectedGroup = new SimpleObjectProperty<>(this, "selectedGroup");
    private final ReadOnlyStringWrapper absence = new ReadOnlyStringWrapper(this, "absence", "");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private String filter = "";
    private GroupBy groupBy = GroupBy.NONE;
    private boolean known;
    /** The list last shown, as it came from {@link IpcRows}: what an off-thread diff is made against. */
    private List<R> shown;

    /**
     * @param one    what one row is, e.g. {@code array}
     * @param many   the plural, e.g. {@code arrays}
     * @param weight what a group's weight reads as, e.g. {@code 24 semaphores}
     */
    IpcTableModel(String one, String many, LongFunction<String> weight) {
        this.one = one;
        this.many = many;
        this.weight = weight;
        selectedGroup.addListener((o, was, now) -> refilter());
    }

    /** Shows a sample's rows, or why the table is not known ({@code absence} non-empty). */
    void update(List<R> next, String absence) {
        update(next, absence, null);
    }

    /**
     * Shows a sample's rows using a {@link Diff} made off the FX thread against the rows shown now:
     * then the FX thread compares nothing (comparing 32,000 rows is the slow part). A diff made
     * against other rows than those shown is ignored and the rows are compared here.
     */
    void update(List<R> next, String absence, Diff diff) {
        FxThread.assertFxThread();
        known = absence.isEmpty();
        this.absence.set(absence);
        boolean changed = true;
        if (diff != null && diff.base() == shown && shown != null) {
            if (diff.same()) {
                changed = false;
            } else if (diff.changed() != null) {
                for (int i : diff.changed()) {
                    source.set(i, next.get(i));
                }
            } else {
                source.setAll(next);
            }
        } else {
            replace(source, next);
        }
        shown = next;
        if (changed) {
            regroup();
        }
        updateCount();
    }

    /**
     * How a new list of rows differs from {@code base}: the same, a few rows replaced (same ids in
     * the same order), or all of it.
     *
     * @param base    the list compared against (by identity: it must still be the one shown)
     * @param same    nothing changed
     * @param changed indexes of the rows that changed; null when the whole list is replaced
     */
    record Diff(List<?> base, boolean same, int[] changed) {
    }

    /** Compares {@code now} with {@code was}, off the FX thread. */
    static <T extends IpcRow> Diff diff(List<T> was, List<T> now) {
        if (was == null || was.size() != now.size()) {
            return new Diff(was, false, null);
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            T a = was.get(i);
            T b = now.get(i);
            if (a.id() != b.id()) {
                return new Diff(was, false, null);
            }
            if (!a.equals(b)) {
                changed.add(i);
                if (changed.size() > MAX_SINGLE_REPLACEMENTS) {
                    return new Diff(was, false, null);
                }
            }
        }
        return new Diff(was, changed.isEmpty(), changed.stream().mapToInt(Integer::intValue).toArray());
    }

    void clear() {
        FxThread.assertFxThread();
        shown = null;
        known = false;
        source.clear();
        groups.clear();
        absence.set("");
        updateCount();
    }

    void setFilter(String text) {
        filter = text == null ? "" : text.trim();
        refilter();
        regroup();
    }

    void setGroupBy(GroupBy by) {
        groupBy = by;
        selectedGroup.set(null);
        regroup();
        refilter();
    }

    /**
     * Replaces the rows of {@code list} by {@code next} with as few changes as it takes: nothing
     * when equal, single replacements when the same ids come back with a few rows changed, one
     * swap otherwise.
     */
    static <T extends IpcRow> void replace(ObservableList<T> list, List<T> next) {
        if (list.size() == next.size()) {
            List<Integer> changed = new ArrayList<>();
            boolean sameIds = true;
            for (int i = 0; i < next.size(); i++) {
                T was = list.get(i);
                T now = next.get(i);
                if (was.id() != now.id()) {
                    sameIds = false;
                    break;
                }
                if (!was.equals(now)) {
                    changed.add(i);
                    if (changed.size() > MAX_SINGLE_REPLACEMENTS) {
                        break;
                    }
                }
            }
            if (sameIds && changed.isEmpty()) {
                return;
            }
            if (sameIds && changed.size() <= MAX_SINGLE_REPLACEMENTS) {
                for (int i : changed) {
                    list.set(i, next.get(i));
                }
                return;
            }
        }
        list.setAll(next);
    }

    private void refilter() {
        String f = filter;
        GroupBy by = groupBy;
        String g = selectedGroup.get();
        filtered.setPredicate(r -> r.matches(f) && (g == null || by == GroupBy.NONE || r.group(by).equals(g)));
        updateCount();
    }

    private void regroup() {
        if (groupBy == GroupBy.NONE) {
            groups.clear();
            return;
        }
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (R r : source) {
            if (!r.matches(filter)) {
                continue;
            }
            long[] s = sums.computeIfAbsent(r.group(groupBy), k -> new long[3]);
            s[0]++;
            s[1] += r.orphaned() ? 1 : 0;
            s[2] += r.weight();
        }
        List<GroupRow> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new GroupRow(k, (int) s[0], (int) s[1], s[2], weight.apply(s[2]))));
        out.sort(Comparator.comparingInt(GroupRow::objects).reversed().thenComparing(GroupRow::group));
        if (!out.equals(groups)) {
            groups.setAll(out);
        }
        String g = selectedGroup.get();
        if (g != null && out.stream().noneMatch(x -> x.group().equals(g))) {
            selectedGroup.set(null);
        }
    }

    private void updateCount() {
        if (!known) {
            count.set(absence.get().isEmpty() ? "" : "not read");
            return;
        }
        int all = source.size();
        int shown = filtered.size();
        String noun = all == 1 ? one : many;
        count.set(shown == all ? all + " " + noun : shown + " of " + all + " " + noun);
    }

    /** The rows to show: filtered, and sorted by the comparator the view binds. */
    public SortedList<R> rows() {
        return sorted;
    }

    /** Every row of the sample, unfiltered. */
    public ObservableList<R> allRows() {
        return sourceView;
    }

    /** The groups when grouping is on: owner or key, objects, orphaned, weight; most objects first. */
    public ObservableList<GroupRow> groups() {
        return groupsView;
    }

    /** The group the table is narrowed to; null for all. */
    public ObjectProperty<String> selectedGroupProperty() {
        return selectedGroup;
    }

    /** Why the table is not known; empty when it is (or before the first sample). */
    public ReadOnlyStringProperty absenceProperty() {
        return absence.getReadOnlyProperty();
    }

    /** {@code 32 arrays}, {@code 5 of 32 arrays}, {@code not read}. */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }
}
