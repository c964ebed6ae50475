package io.bedside.ui.main;

import io.bedside.model.findings.Playbook;
import io.bedside.ui.fx.TaskRunner;
import javafx.scene.Node;

/**
 * What a playbook brings to the window: one area in the left navigation, with its view-model and
 * its view. The window ({@link MainViewModel}, {@link MainView}) loops over the contributions it is
 * given, in the registry's order, and names none of them; the list is assembled outside this
 * package (io.bedside.ui.areas.WindowAreas), so a new playbook's area is its own classes and one
 * line there.
 *
 * <p>Everything else the window needs of an area comes through its {@link AreaViewModel}: samples
 * and histories in, the findings the side bar counts, the fix wizards and the fix service, the
 * charts an export pictures.
 *
 * @param <V> the area's view-model
 */
public interface AreaContribution<V extends AreaViewModel<?>> {

    /**
     * The playbook the area shows: the findings board runs its rules on every sample (also while
     * the area is hidden) and files its findings under this area.
     */
    Playbook playbook();

    /** The id of the playbook the area shows (its {@code Playbook.id()}), such as {@code ipc}. */
    String id();

    /** The area's name in the navigation and in an export's stamp, such as "IPC". */
    String label();

    /** The style class of the area's view (for the stylesheet's per-area rules): {@code bs-area-<id>}. */
    default String styleClass() {
        return "bs-area-" + id();
    }

    /**
     * The lists on demand the area shows ({@code io.bedside.model.sample.ListOnDemand} names, such as
     * {@code tcp}): a live session's full samples read them whole while the area is showing; with
     * any other area (and the findings board, which runs whatever is showing) the host reduces them.
     * None by default.
     */
    default java.util.Set<String> listsShown() {
        return java.util.Set.of();
    }

    /** A new view-model for one main view (a live session or a replay); on the FX thread. */
    V newViewModel(TaskRunner runner);

    /** The area's view over {@code viewModel}; built once, when the area is first shown. */
    Node newView(V viewModel);
}
