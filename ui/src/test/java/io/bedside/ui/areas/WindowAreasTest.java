package io.bedside.ui.areas;

import io.bedside.model.findings.Playbook;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.ui.fx.TaskRunner;
import io.bedside.ui.ipc.IpcViewModel;
import io.bedside.ui.main.AreaContribution;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The window's areas: one per playbook that has one, in the registry's order, and none for a playbook it does not list. */
class WindowAreasTest {
    @Test
    void everyAreaIsAPlaybookOfTheRegistryInItsOrder() {
        List<String> areas = WindowAreas.all().stream().map(AreaContribution::id).toList();
        List<String> registry = Playbooks.all().stream().map(Playbook::id).filter(areas::contains).toList();
        assertEquals(registry, areas);
        assertEquals(List.of("ipc", "memory", "sockets", "disk", "fds", "cpu", "procs", "net"), areas);
        assertEquals(List.of("bs-area-ipc", "bs-area-memory", "bs-area-sockets", "bs-area-disk", "bs-area-fds", "bs-area-cpu", "bs-area-procs", "bs-area-net"),
                WindowAreas.all().stream().map(AreaContribution::styleClass).toList(), "style classes follow the id: no css edit per area");
    }

    @Test
    void areasListedInAnotherOrderComeOutInTheRegistrysOrder() {
        List<AreaContribution<?>> reversed = new ArrayList<>(WindowAreas.all());
        java.util.Collections.reverse(reversed);
        assertEquals(List.of("ipc", "memory", "sockets", "disk", "fds", "cpu", "procs", "net"),
                WindowAreas.inRegistryOrder(reversed, Playbooks.all()).stream().map(AreaContribution::id).toList());
    }

    @Test
    void anAreaForAPlaybookTheRegistryDoesNotListIsRefusedInOneSentence() {
        AreaContribution<IpcViewModel> typo = new AreaContribution<>() {
            @Override
            public io.bedside.model.findings.Playbook playbook() {
                return new io.bedside.model.ipc.IpcPlaybook();
            }

            @Override
            public String id() {
                return "sokcets";
            }

            @Override
            public String label() {
                return "Sockets";
            }

            @Override
            public IpcViewModel newViewModel(TaskRunner runner) {
                throw new AssertionError("not built");
            }

            @Override
            public Node newView(IpcViewModel viewModel) {
                throw new AssertionError("not built");
            }
        };
        List<AreaContribution<?>> areas = new ArrayList<>(WindowAreas.all());
        areas.add(typo);
        String m = assertThrows(IllegalArgumentException.class, () -> WindowAreas.inRegistryOrder(areas, Playbooks.all())).getMessage();
        assertEquals("The area Sockets names the playbook sokcets, which the registry does not list (it lists ipc, memory, sockets, disk, fds, cpu, procs, net).", m);
    }
}
