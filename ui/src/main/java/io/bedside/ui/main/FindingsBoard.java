package io.bedside.ui.main;

import io.bedside.model.findings.Severity;
import io.bedside.model.text.HostText;
import io.bedside.ui.findings.FindingItem;
import io.bedside.ui.fix.FixWizard;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The findings board at the top of the first screen: one line per current finding of every
 * playbook, worst first, with its area, its summary, since when it is seen and its fix buttons.
 * A click on a finding (or on its area's name) opens the area with the finding's subject selected.
 * Node ids: {@code board}, {@code board-title}, {@code board-empty}, {@code board-ID} (dots as
 * dashes), {@code board-open-ID}, {@code board-fix-FIXID}.
 */
public final class FindingsBoard extends VBox {
    private final MainViewModel vm;
    private final FindingsBoardModel board;
    private final VBox rows = new VBox(6);
    private final Map<String, Line> lines = new HashMap<>();

    public FindingsBoard(MainViewModel vm) {
        super(8);
        this.vm = vm;
        this.board = vm.board();
        setId("board");
        getStyleClass().add("bs-board");

        Label title = new Label();
        title.setId("board-title");
        title.getStyleClass().add("bs-section-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        title.textProperty().bind(Bindings.createStringBinding(this::titleText, board.entries(), board.hasSampleProperty()));
        Label when = new Label();
        when.getStyleClass().add("bs-muted");
        when.textProperty().bind(Bindings.when(Bindings.isEmpty(board.sampleTimeProperty())).then("")
                .otherwise(Bindings.concat("on the sample of ", board.sampleTimeProperty())));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(10, title, grow, when);
        head.setAlignment(Pos.BASELINE_LEFT);

        Label empty = new Label();
        empty.setId("board-empty");
        empty.getStyleClass().add("bs-muted");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.when(Bindings.isNotEmpty(vm.cutBanner().textProperty()))
                .then("No findings in what arrived of this sample: the probe output was cut, so some may be missing.")
                .otherwise(Bindings.when(board.hasSampleProperty())
                        .then("No findings: every rule of the " + board.areas().size() + " playbooks passed on this sample.")
                        .otherwise("Waiting for the first sample…")));
        empty.visibleProperty().bind(Bindings.isEmpty(board.entries()).and(board.hasSampleProperty()));
        empty.managedProperty().bind(empty.visibleProperty());

        Label failure = new Label();
        failure.setId("board-failure");
        failure.getStyleClass().add("bs-absent");
        failure.setWrapText(true);
        failure.textProperty().bind(board.failureProperty());
        failure.visibleProperty().bind(Bindings.isNotEmpty(board.failureProperty()));
        failure.managedProperty().bind(failure.visibleProperty());

        board.entries().addListener((ListChangeListener<FindingsBoardModel.Entry>) c -> showEntries());
        showEntries();
        getChildren().addAll(head, failure, empty, rows);
    }

    private String titleText() {
        List<FindingsBoardModel.Entry> e = board.entries();
        if (!board.hasSampleProperty().get()) {
            return "Findings";
        }
        if (e.isEmpty()) {
            return "Findings: none";
        }
        Map<Severity, Integer> n = new HashMap<>();
        e.forEach(x -> n.merge(x.finding().severity(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            if (n.containsKey(s)) {
                parts.add(n.get(s) + " " + s.token());
            }
        }
        return "Findings: " + String.join(", ", parts);
    }

    /** Lines are kept by finding, so a line under the mouse is not rebuilt with every sample. */
    private void showEntries() {
        List<Node> nodes = new ArrayList<>();
        Map<String, Line> keep = new HashMap<>();
        for (FindingsBoardModel.Entry e : board.entries()) {
            String key = e.areaId() + "|" + e.finding().id();
            Line line = keep.containsKey(key) ? null : lines.get(key);
            if (line == null) {
                line = new Line();
            }
            line.show(e);
            keep.putIfAbsent(key, line);
            nodes.add(line);
        }
        lines.clear();
        lines.putAll(keep);
        rows.getChildren().setAll(nodes);
    }

    private static String nodeId(String id) {
        return id.replace('.', '-');
    }

    /** One finding on the board. */
    private final class Line extends HBox {
        private final Label severity = new Label();
        private final Hyperlink area = new Hyperlink();
        private final Label summary = new Label();
        private final Label since = new Label();
        private final Label rootNote = new Label();
        private final Button sudo = new Button("Use sudo");
        private final HBox fixes = new HBox(6);
        private List<String> shownFixes = List.of();
        private FindingsBoardModel.Entry entry;

        Line() {
            super(10);
            getStyleClass().addAll("bs-finding", "bs-board-line");
            setAlignment(Pos.CENTER_LEFT);
            setCursor(Cursor.HAND);
            severity.getStyleClass().add("bs-severity");
            severity.setMinWidth(Region.USE_PREF_SIZE);
            area.getStyleClass().add("bs-board-area");
            area.setMinWidth(Region.USE_PREF_SIZE);
            area.setOnAction(e -> open());
            summary.getStyleClass().add("bs-finding-summary");
            summary.setWrapText(true);
            summary.setMaxWidth(Double.MAX_VALUE);
            summary.setMinHeight(Region.USE_PREF_SIZE);
            summary.setMinWidth(120);
            HBox.setHgrow(summary, Priority.ALWAYS);
            since.getStyleClass().addAll("bs-muted", "bs-board-since");
            since.setMinWidth(Region.USE_PREF_SIZE);
            fixes.setAlignment(Pos.CENTER_RIGHT);
            fixes.setMinWidth(Region.USE_PREF_SIZE);
            rootNote.getStyleClass().addAll("bs-muted", "bs-board-root");
            rootNote.setWrapText(true);
            rootNote.setMinHeight(Region.USE_PREF_SIZE);
            rootNote.setMaxWidth(Double.MAX_VALUE);
            sudo.getStyleClass().addAll("small");
            sudo.setMinWidth(Region.USE_PREF_SIZE);
            sudo.setTooltip(new Tooltip("Switch administrative access on: the probe runs with sudo from the next sample, "
                    + "and Bedside remembers it for this host (never the password)."));
            sudo.setOnAction(e -> vm.setPrivileged(true));
            // the note and its button are shown while the finding needs root and sudo is off
            javafx.beans.binding.BooleanBinding offerSudo = Bindings.isNotEmpty(rootNote.textProperty())
                    .and(vm.privilegedProperty().not()).and(vm.liveProperty());
            rootNote.visibleProperty().bind(Bindings.isNotEmpty(rootNote.textProperty()));
            rootNote.managedProperty().bind(rootNote.visibleProperty());
            sudo.visibleProperty().bind(offerSudo);
            sudo.managedProperty().bind(sudo.visibleProperty());
            sudo.disableProperty().bind(Bindings.isNotEmpty(vm.privilegeProgressProperty()));
            VBox text = new VBox(2, summary, rootNote);
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinWidth(120);
            HBox.setHgrow(text, Priority.ALWAYS);
            getChildren().addAll(severity, area, text, since, sudo, fixes);
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !(e.getTarget() instanceof Button)) {
                    open();
                }
            });
        }

        private void open() {
            if (entry != null) {
                vm.openFinding(entry);
            }
        }

        void show(FindingsBoardModel.Entry e) {
            entry = e;
            FindingItem f = e.finding();
            setId("board-" + nodeId(f.id()));
            area.setId("board-open-" + nodeId(f.id()));
            sudo.setId("board-sudo-" + nodeId(f.id()));
            rootNote.setText(HostText.window(e.rootNote()));
            severity.setText(f.severity().token().toUpperCase(Locale.ROOT));
            for (Severity s : Severity.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(s.token()), s == f.severity());
                severity.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.token()), s == f.severity());
            }
            area.setText(e.areaLabel() + " ›");
            area.setTooltip(new Tooltip("Open the " + e.areaLabel() + " area with what this finding is about selected."));
            summary.setText(HostText.window(f.summary()));
            since.setText(e.sinceText());
            since.setTooltip(new Tooltip(e.firstSeen()
                    ? "Seen in the first sample Bedside has of this host, " + e.sinceText().substring("since ".length())
                      + ": it may be older."
                    : "First seen in the sample of " + e.sinceText().substring("since ".length()) + "."));
            if (!shownFixes.equals(f.fixes())) {
                shownFixes = f.fixes();
                fixes.getChildren().clear();
                for (String fixId : f.fixes()) {
                    fixes.getChildren().add(fixButton(fixId));
                }
            }
        }

        private Button fixButton(String fixId) {
            AreaViewModel<?> m = vm.areaViewModel(entry.areaId()).orElseThrow();
            return io.bedside.ui.findings.FindingsView.fixButton("board-fix-" + nodeId(fixId), fixId, m.canFixBinding(),
                    m.fixUnavailableProperty(), () -> vm.openFix(entry, fixId).ifPresent(w -> FixWizard.open(w, getScene().getWindow())));
        }
    }
}
