package io.bedside.ui.areas;

import io.bedside.model.findings.Playbook;
import io.bedside.model.playbooks.Playbooks;
import io.bedside.ui.disk.DiskArea;
import io.bedside.ui.fds.FdsArea;
import io.bedside.ui.cpu.CpuArea;
import io.bedside.ui.ipc.IpcArea;
import io.bedside.ui.main.AreaContribution;
import io.bedside.ui.memory.MemoryArea;
import io.bedside.ui.net.NetArea;
import io.bedside.ui.procs.ProcsArea;
import io.bedside.ui.sockets.SocketsArea;

import java.util.Comparator;
import java.util.List;

/**
 * Every playbook's area in the window, in the registry's order ({@link Playbooks#all()}): the one
 * class that names the areas. A new playbook's area is its contribution and one line here; the
 * window ({@code io.bedside.ui.main}) takes this list through its {@code Workbench} and names none.
 */
public final class WindowAreas {
    private static final List<AreaContribution<?>> CONTRIBUTED = List.of(new IpcArea(), new MemoryArea(), new SocketsArea(), new DiskArea(),
            new FdsArea(), new CpuArea(), new ProcsArea(), new NetArea());

    private WindowAreas() {
    }

    /** Every area, ordered as the registry orders their playbooks. */
    public static List<AreaContribution<?>> all() {
        return inRegistryOrder(CONTRIBUTED, Playbooks.all());
    }

    /**
     * {@code areas} ordered as {@code playbooks}; an area whose id names no playbook is refused
     * (its id is the playbook's id, and a typo would hide it).
     */
    public static List<AreaContribution<?>> inRegistryOrder(List<AreaContribution<?>> areas, List<Playbook> playbooks) {
        List<String> ids = playbooks.stream().map(Playbook::id).toList();
        for (AreaContribution<?> a : areas) {
            if (!ids.contains(a.id())) {
                throw new IllegalArgumentException("The area " + a.label() + " names the playbook " + a.id()
                        + ", which the registry does not list (it lists " + String.join(", ", ids) + ").");
            }
        }
        return areas.stream().sorted(Comparator.comparingInt(a -> ids.indexOf(a.id()))).toList();
    }
}
