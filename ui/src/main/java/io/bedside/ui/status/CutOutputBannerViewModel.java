package io.bedside.ui.status;

import io.bedside.model.findings.Playbook;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.model.probe.OutputCut;
import io.bedside.model.sample.Sample;
import io.bedside.ui.fx.FxThread;
import io.bedside.ui.fx.Units;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The banner over an area whose sections the newest sample's probe output lost: cut at the
 * transport's size cap, or ended before its end marker. It stays while the newest sample is cut
 * and names what was lost ("The probe output was cut at 64.0 MiB: proc-fds was cut short and
 * proc-threads did not arrive; ..."); which area a section belongs to comes from the registry
 * (each playbook's {@link Playbook#sections()}, the host's sections for the overview).
 */
public final class CutOutputBannerViewModel {
    /** The overview's id in the window: it shows the host's own sections. */
    private final String overviewId;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private Optional<OutputCut> cut = Optional.empty();
    private String areaId;

    public CutOutputBannerViewModel(String overviewId) {
        this.overviewId = overviewId;
        this.areaId = overviewId;
    }

    /** The newest sample shown (live or replayed); null for none. */
    public void showSample(Sample newest) {
        FxThread.assertFxThread();
        cut = newest == null ? Optional.empty() : Playbooks.cut(newest);
        update();
    }

    /** The area shown now, by its id (a playbook's id, or the overview's). */
    public void showArea(String id) {
        FxThread.assertFxThread();
        areaId = id;
        update();
    }

    private void update() {
        text.set(cut.map(c -> sentence(c, sections(areaId))).orElse(""));
    }

    private Set<String> sections(String id) {
        if (id.equals(overviewId)) {
            return Playbooks.sectionsInScriptOrder().get(0);
        }
        return Playbooks.all().stream().filter(p -> p.id().equals(id)).findFirst().map(Playbook::sections).orElse(Set.of());
    }

    /** The banner's sentence for an area reading {@code sections}; empty when the cut does not touch them. */
    static String sentence(OutputCut c, Set<String> sections) {
        List<String> touched = c.touched(sections);
        if (touched.isEmpty()) {
            return "";
        }
        String them = touched.size() == 1 ? "it" : "them";
        if (c.earlier()) {
            return "The last full sample's probe output was cut: " + OutputCut.and(touched) + (touched.size() == 1 ? " is" : " are")
                    + " not known until the next full sample. What this area shows from " + them + ", and the findings on "
                    + them + ", are incomplete.";
        }
        return "The probe output was cut at " + Units.bytes(c.bytes()) + ": " + c.clause(touched)
                + ". What this area shows from " + them + ", and the findings on " + them + ", are incomplete.";
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
