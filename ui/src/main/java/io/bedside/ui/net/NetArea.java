package io.bedside.ui.net;

import io.bedside.model.findings.Playbook;
import io.bedside.model.net.NetPlaybook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The Network limits area: what the {@link NetPlaybook} brings to the window. */
public final class NetArea implements AreaContribution<NetViewModel> {
    private final Playbook playbook = new NetPlaybook();

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
        return "Network limits";
    }

    @Override
    public NetViewModel newViewModel(TaskRunner runner) {
        return new NetViewModel(runner);
    }

    @Override
    public Node newView(NetViewModel viewModel) {
        return new NetView(viewModel);
    }
}
