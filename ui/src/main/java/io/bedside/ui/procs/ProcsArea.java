package io.bedside.ui.procs;

import io.bedside.model.findings.Playbook;
import io.bedside.model.procs.ProcsPlaybook;
import io.bedside.ui.main.AreaContribution;
import io.bedside.ui.fx.TaskRunner;
import javafx.scene.Node;

/** The Processes area: what the {@link ProcsPlaybook} brings to the window. */
public final class ProcsArea implements AreaContribution<ProcsViewModel> {
    private final Playbook playbook = new ProcsPlaybook();

    @Override
    public Playbook playbook() {
        return playbook;
    }

    @Override
    public String id() {
        return playbook.id();
    }

    @Override
    public String label() {
        return "Processes";
    }

    @Override
    public ProcsViewModel newViewModel(TaskRunner runner) {
        return new ProcsViewModel(runner);
    }

    @Override
    public Node newView(ProcsViewModel viewModel) {
        return new ProcsView(viewModel);
    }
}
