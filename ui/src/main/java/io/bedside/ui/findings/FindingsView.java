package io.bedside.ui.findings;

import io.bedside.model.text.HostText;
import io.bedside.model.findings.Severity;
import io.bedside.ui.fix.FixTitles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An area's findings: a card per finding with its severity, summary, a button per fix it names
 * and its evidence (the raw lines, shown on demand). Only binds to the area's list; cards are kept
 * by finding id, so an opened evidence stays open while samples arrive. Node ids:
 * {@code PREFIX-findings}, {@code PREFIX-no-findings}, {@code finding-ID}, {@code evidence-ID},
 * {@code fix-FIXID} (dots as dashes).
 */
public final class FindingsView extends VBox {
    private final VBox cardsBox = new VBox(8);
    private final Map<String, FindingCard> cards = new HashMap<>();
    private final ObservableList<FindingItem> findings;
    private final ObservableBooleanValue canFix;
    private final ObservableStringValue fixUnavailable;
    private final BiConsumer<FindingItem, String> openFix;
    private final javafx.beans.property.BooleanProperty incomplete = new javafx.beans.property.SimpleBooleanProperty(this, "incomplete", false);

    /**
     * @param idPrefix       {@code ipc}, {@code memory}
     * @param noneText       what is said when the sample has no finding of this area
     * @param findings       the area's findings, worst first
     * @param hasSample      whether a sample is shown (nothing is said before the first)
     * @param canFix         whether a Fix button does something now
     * @param fixUnavailable why the Fix buttons are off; empty when they are on
     * @param openFix        opens the wizard of a fix (finding, fix id)
     */
    public FindingsView(String idPrefix, String noneText, ObservableList<FindingItem> findings,
                        ObservableBooleanValue hasSample, ObservableBooleanValue canFix,
                        ObservableStringValue fixUnavailable, BiConsumer<FindingItem, String> openFix) {
        super(8);
        this.findings = findings;
        this.canFix = canFix;
        this.fixUnavailable = fixUnavailable;
        this.openFix = openFix;
        Label title = new Label("Findings");
        title.getStyleClass().add("bs-section-title");
        Label none = new Label();
        // a cut probe output must not read as "nothing wrong": say what the absence means
        none.textProperty().bind(Bindings.when(incomplete)
                .then("No findings in what arrived of this sample: the probe output was cut, so some may be missing.")
                .otherwise(noneText));
        none.setId(idPrefix + "-no-findings");
        none.getStyleClass().add("bs-muted");
        none.setWrapText(true);
        none.visibleProperty().bind(Bindings.isEmpty(findings).and(hasSample));
        none.managedProperty().bind(none.visibleProperty());
        cardsBox.setId(idPrefix + "-findings");
        findings.addListener((ListChangeListener<FindingItem>) c -> showFindings());
        showFindings();
        getChildren().addAll(title, none, cardsBox);
        visibleProperty().bind(hasSample);
        managedProperty().bind(visibleProperty());
    }

    /**
     * Whether the sample shown lost sections this area reads (a cut probe output): the text for
     * "no findings" then says that some may be missing instead of that all is well.
     */
    public javafx.beans.property.BooleanProperty incompleteProperty() {
        return incomplete;
    }

    /** Every findings view in {@code root}, also inside scroll panes not yet laid out. */
    public static List<FindingsView> in(Node root) {
        return Reveal.nodesOf(root, FindingsView.class);
    }

    /** Reuses each finding's card by id, so an expanded evidence stays open while samples arrive. */
    private void showFindings() {
        List<Node> nodes = new ArrayList<>();
        Map<String, FindingCard> keep = new HashMap<>();
        for (FindingItem f : findings) {
            FindingCard card = cards.get(f.id());
            if (card == null) {
                card = new FindingCard();
            }
            card.show(f);
            keep.put(f.id(), card);
            nodes.add(card);
        }
        cards.clear();
        cards.putAll(keep);
        cardsBox.getChildren().setAll(nodes);
    }

    /**
     * A finding's Fix button: the fix's button text, on while {@code canFix}, its tooltip saying
     * what the wizard does or why it is off; the findings of an area and the first screen's board
     * both make theirs here.
     */
    public static Button fixButton(String nodeId, String fixId, ObservableBooleanValue canFix,
                                   ObservableStringValue unavailable, Runnable open) {
        Button b = new Button(FixTitles.button(fixId));
        b.setId(nodeId);
        b.getStyleClass().addAll("small", "accent");
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.disableProperty().bind(Bindings.createBooleanBinding(() -> !canFix.get(), canFix));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.when(Bindings.isEmpty(unavailable))
                .then("Opens the fix wizard: choose, preview every command, confirm, run and verify (" + fixId + ").")
                .otherwise(unavailable));
        b.setTooltip(tip);
        b.setOnAction(e -> open.run());
        return b;
    }

    private static String nodeId(String id) {
        return id.replace('.', '-');
    }

    /** One finding: severity, summary, the fixes it names, and its evidence (shown on demand). */
    private final class FindingCard extends VBox {
        private final Label severity = new Label();
        private final Label summary = new Label();
        private final HBox fixes = new HBox(6);
        private final ToggleButton evidenceToggle = new ToggleButton();
        private final TextArea evidence = new TextArea();
        private String id;
        private List<String> shownFixes = List.of();
        private String pendingEvidence = "";
        private FindingItem item;

        FindingCard() {
            super(6);
            getStyleClass().add("bs-finding");
            severity.getStyleClass().add("bs-severity");
            severity.setMinWidth(Region.USE_PREF_SIZE);
            summary.setWrapText(true);
            summary.getStyleClass().add("bs-finding-summary");
            summary.setMaxWidth(Double.MAX_VALUE);
            summary.setMinHeight(Region.USE_PREF_SIZE);
            HBox.setHgrow(summary, Priority.ALWAYS);
            fixes.setAlignment(Pos.CENTER_RIGHT);
            fixes.setMinWidth(Region.USE_PREF_SIZE);
            evidenceToggle.getStyleClass().addAll("small", "flat", "bs-evidence-toggle");
            evidenceToggle.setMinWidth(Region.USE_PREF_SIZE);
            HBox top = new HBox(10, severity, summary, evidenceToggle, fixes);
            top.setAlignment(Pos.CENTER_LEFT);
            evidence.setEditable(false);
            evidence.getStyleClass().addAll("bs-mono", "bs-evidence");
            evidence.setWrapText(false);
            evidence.visibleProperty().bind(evidenceToggle.selectedProperty());
            evidence.managedProperty().bind(evidence.visibleProperty());
            evidenceToggle.selectedProperty().addListener((o, was, now) -> showEvidence());
            getChildren().addAll(top, evidence);
        }

        /** The evidence text goes into the text area only while it is open: it changes with every sample. */
        private void showEvidence() {
            if (evidenceToggle.isSelected() && !evidence.getText().equals(pendingEvidence)) {
                double top = evidence.getScrollTop();
                evidence.setText(pendingEvidence);
                evidence.setScrollTop(top);
            }
        }

        void show(FindingItem f) {
            item = f;
            if (id == null) {
                id = f.id();
                setId("finding-" + nodeId(f.id()));
                evidenceToggle.setId("evidence-" + nodeId(f.id()));
            }
            severity.setText(f.severity().token().toUpperCase(Locale.ROOT));
            for (Severity s : Severity.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(s.token()), s == f.severity());
                severity.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.token()), s == f.severity());
            }
            summary.setText(HostText.window(f.summary()));
            evidenceToggle.setText("Evidence (" + f.evidenceLines() + (f.evidenceLines() == 1 ? " line)" : " lines)"));
            evidenceToggle.setTooltip(new Tooltip("The raw lines from the host this finding rests on (" + f.id() + ")"));
            pendingEvidence = f.evidence();
            evidence.setPrefRowCount((int) Math.min(14, Math.max(3, f.evidence().lines().count())));
            showEvidence();
            if (!shownFixes.equals(f.fixes())) {
                shownFixes = f.fixes();
                fixes.getChildren().clear();
                for (String fixId : f.fixes()) {
                    fixes.getChildren().add(fixButton(fixId));
                }
            }
        }

        private Button fixButton(String fixId) {
            return FindingsView.fixButton("fix-" + nodeId(fixId), fixId, canFix, fixUnavailable, () -> openFix.accept(item, fixId));
        }
    }
}
