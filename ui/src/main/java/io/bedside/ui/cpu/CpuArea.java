package io.bedside.ui.cpu;

import io.bedside.model.cpu.CpuPlaybook;
import io.bedside.model.findings.Playbook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The CPU area: what the {@link CpuPlaybook} brings to the window. */
public final class CpuArea implements AreaContribution<CpuViewModel> {
    private final Playbook playbook = new CpuPlaybook();

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
        return "CPU";
    }

    @Override
    public CpuViewModel newViewModel(TaskRunner runner) {
        return new CpuViewModel(runner);
    }

    @Override
    public Node newView(CpuViewModel viewModel) {
        return new CpuView(viewModel);
    }
}
