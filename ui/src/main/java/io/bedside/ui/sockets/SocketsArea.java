package io.bedside.ui.sockets;

import io.bedside.model.findings.Playbook;
import io.bedside.model.sockets.SocketPlaybook;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;

/** The Sockets area: what the {@link SocketPlaybook} brings to the window. */
public final class SocketsArea implements AreaContribution<SocketsViewModel> {
    private final Playbook playbook = new SocketPlaybook();

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
        return "Sockets";
    }

    /** Its TCP table lists every socket: the list is read whole while the area shows. */
    @Override
    public java.util.Set<String> listsShown() {
        return java.util.Set.of(io.bedside.model.sockets.SocketSnapshot.TCP_LIST.name());
    }

    @Override
    public SocketsViewModel newViewModel(TaskRunner runner) {
        return new SocketsViewModel(runner);
    }

    @Override
    public Node newView(SocketsViewModel viewModel) {
        return new SocketsView(viewModel);
    }
}
