package io.bedside.ui.memory;

import io.bedside.model.findings.Playbook;
import io.bedside.model.memory.MemoryPlaybook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The Memory area: what the {@link MemoryPlaybook} brings to the window. */
public final class MemoryArea implements AreaContribution<MemoryViewModel> {
    private final Playbook playbook = new MemoryPlaybook();

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
        return "Memory";
    }

    @Override
    public MemoryViewModel newViewModel(TaskRunner runner) {
        return new MemoryViewModel(runner);
    }

    @Override
    public Node newView(MemoryViewModel viewModel) {
        return new MemoryView(viewModel);
    }
}
