package io.bedside.ui.fds;

import io.bedside.model.fds.FdsPlaybook;
import io.bedside.model.findings.Playbook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The File descriptors area: what the {@link FdsPlaybook} brings to the window. */
public final class FdsArea implements AreaContribution<FdsViewModel> {
    private final Playbook playbook = new FdsPlaybook();

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
        return "File descriptors";
    }

    @Override
    public FdsViewModel newViewModel(TaskRunner runner) {
        return new FdsViewModel(runner);
    }

    @Override
    public Node newView(FdsViewModel viewModel) {
        return new FdsView(viewModel);
    }
}
