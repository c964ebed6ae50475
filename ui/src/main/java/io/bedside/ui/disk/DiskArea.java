package io.bedside.ui.disk;

import io.bedside.model.disk.DiskPlaybook;
import io.bedside.model.findings.Playbook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The Disk area: what the {@link DiskPlaybook} brings to the window. */
public final class DiskArea implements AreaContribution<DiskViewModel> {
    private final Playbook playbook = new DiskPlaybook();

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
        return "Disk";
    }

    @Override
    public DiskViewModel newViewModel(TaskRunner runner) {
        return new DiskViewModel(runner);
    }

    @Override
    public Node newView(DiskViewModel viewModel) {
        return new DiskView(viewModel);
    }
}
