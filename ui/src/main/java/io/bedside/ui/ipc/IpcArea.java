package io.bedside.ui.ipc;

import io.bedside.model.findings.Playbook;
import io.bedside.model.ipc.IpcPlaybook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The IPC area: what the {@link IpcPlaybook} brings to the window. */
public final class IpcArea implements AreaContribution<IpcViewModel> {
    private final Playbook playbook = new IpcPlaybook();

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
        return "IPC";
    }

    @Override
    public IpcViewModel newViewModel(TaskRunner runner) {
        return new IpcViewModel(runner);
    }

    @Override
    public Node newView(IpcViewModel viewModel) {
        return new IpcView(viewModel);
    }
}
