package io.bedside.ui.fix;

import io.bedside.model.fix.Change;
import io.bedside.model.fix.FixPlan;
import io.bedside.model.fix.FixStep;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The preview step's state: the plan's changes (before and after, from its {@link Change} records),
 * its summary, every step in order with its re-check and a written file's diff, and its optional
 * parts as checkboxes (off).
 */
public final class PlanPreview {
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> oldNew = FXCollections.observableArrayList();
    private final ObservableList<Change> changes = FXCollections.observableArrayList();
    private final ObservableList<PreviewStep> preview = FXCollections.observableArrayList();
    private final ObservableList<OptionalPart> optionalParts = FXCollections.observableArrayList(
            p -> new ObservableValue<?>[] {p.includedProperty()});

    /** Shows {@code p} (nothing for null). */
    void show(FixPlan p) {
        summary.clear();
        oldNew.clear();
        changes.clear();
        preview.clear();
        optionalParts.clear();
        if (p == null) {
            return;
        }
        changes.setAll(p.changes());
        for (Change c : p.changes()) {
            oldNew.add(c.oldLine());
            oldNew.add(c.newLine());
        }
        summary.setAll(p.summary());
        List<PreviewStep> steps = new ArrayList<>();
        int n = 0;
        for (FixStep s : p.steps()) {
            String kind = switch (s.kind()) {
                case EVIDENCE -> "read";
                case CHANGE -> "change";
                case VERIFY -> "verify";
            };
            steps.add(new PreviewStep(++n, s, kind, s.precondition().map(FixStep.Check::command).orElse(""),
                    s.precondition().map(FixStep.Check::expectedOutput).orElse(""), s.file().map(f -> diff(s, f)).orElse("")));
        }
        preview.setAll(steps);
        Map<String, String> parts = new LinkedHashMap<>();
        for (FixStep s : p.steps()) {
            if (s.optional()) {
                String label = parts.get(s.subject());
                if (label == null || s.kind() == FixStep.Kind.CHANGE && !label.startsWith("!")) {
                    parts.put(s.subject(), s.kind() == FixStep.Kind.CHANGE ? "!" + s.description() : s.description());
                }
            }
        }
        parts.forEach((subject, label) -> {
            String l = label.startsWith("!") ? label.substring(1) : label;
            int paren = l.indexOf(" (");
            optionalParts.add(new OptionalPart(subject, paren > 0 ? l.substring(0, paren) : l));
        });
    }

    /** A file a step writes, as a unified diff against what is there now (not read: it is replaced whole). */
    static String diff(FixStep s, FixStep.FileContent f) {
        StringBuilder b = new StringBuilder();
        if (s.command().contains(f.path() + ".bedside-backup") || s.command().contains("$f.bedside-backup")) {
            b.append("--- ").append(f.path()).append("  (as it is now, if it exists: kept as ").append(f.path()).append(".bedside-backup)\n");
        } else if (s.precondition().map(c -> c.command().contains("[ -e " + f.path() + " ]")).orElse(false)) {
            b.append("--- /dev/null  (").append(f.path()).append(" does not exist yet: the re-check skips this step if it does)\n");
        } else {
            b.append("--- ").append(f.path()).append("  (as it is now, if it exists: replaced whole)\n");
        }
        b.append("+++ ").append(f.path()).append("  (new)\n");
        List<String> lines = f.content().lines().toList();
        b.append("@@ -0,0 +1,").append(lines.size()).append(" @@\n");
        lines.forEach(l -> b.append('+').append(l).append('\n'));
        return b.toString().stripTrailing();
    }

    /**
     * The plan as it will run: without the optional parts left unticked (here and in its
     * rollback), so a run with {@code includeOptional} runs exactly what was ticked.
     */
    FixPlan effective(FixPlan p) {
        Set<String> excluded = optionalParts.stream().filter(o -> !o.isIncluded()).map(OptionalPart::subject)
                .collect(Collectors.toSet());
        List<FixStep> steps = p.steps().stream().filter(s -> !(s.optional() && excluded.contains(s.subject()))).toList();
        List<FixStep> rollback = p.rollback().stream().filter(s -> !(s.optional() && excluded.contains(s.subject()))).toList();
        return new FixPlan(p.id(), p.title(), p.changes(), p.summary(), steps, rollback);
    }

    boolean anyOptional() {
        return optionalParts.stream().anyMatch(OptionalPart::isIncluded);
    }

    /** The plan's summary lines (its changes are apart, in {@link #changes()}). */
    public ObservableList<String> summary() { return summary; }
    /** The values the plan changes, before and after (a limit), from its {@link Change} records. */
    public ObservableList<Change> changes() { return changes; }
    /** The plan's changes as text, an {@code old: } and a {@code new: } line each. */
    public ObservableList<String> oldNew() { return oldNew; }
    public ObservableList<PreviewStep> steps() { return preview; }
    public ObservableList<OptionalPart> optionalParts() { return optionalParts; }
}
