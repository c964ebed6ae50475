package io.bedside.ui.main;

import io.bedside.ui.fx.TaskRunner;
import javafx.scene.Node;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One place of the left navigation of one main view: the overview, which the window keeps as its
 * first page, or a playbook's area made from its {@link AreaContribution} with its own view-model.
 */
public final class Area {
    /** The id of the overview, the window's own first page. */
    public static final String OVERVIEW = "overview";

    private final String id;
    private final String label;
    private final String styleClass;
    private final AreaViewModel<?> viewModel;
    private final Supplier<Node> view;
    private final io.bedside.model.findings.Playbook playbook;
    private final java.util.Set<String> listsShown;

    private Area(String id, String label, String styleClass, AreaViewModel<?> viewModel, Supplier<Node> view,
                 io.bedside.model.findings.Playbook playbook, java.util.Set<String> listsShown) {
        this.id = Objects.requireNonNull(id);
        this.label = Objects.requireNonNull(label);
        this.styleClass = Objects.requireNonNull(styleClass);
        this.viewModel = viewModel;
        this.view = view;
        this.playbook = playbook;
        this.listsShown = java.util.Set.copyOf(listsShown);
    }

    static Area overview() {
        return new Area(OVERVIEW, "Overview", "bs-area-overview", null, null, null, java.util.Set.of());
    }

    /** The area of {@code c}, with a new view-model of its own. */
    static <V extends AreaViewModel<?>> Area of(AreaContribution<V> c, TaskRunner runner) {
        V vm = Objects.requireNonNull(c.newViewModel(runner), () -> "the " + c.id() + " area made no view-model");
        return new Area(c.id(), c.label(), c.styleClass(), vm, () -> c.newView(vm), c.playbook(), c.listsShown());
    }

    /** The playbook's id, or {@link #OVERVIEW}. */
    public String id() {
        return id;
    }

    /** The playbook whose findings the area shows; empty for the overview. */
    public Optional<io.bedside.model.findings.Playbook> playbook() {
        return Optional.ofNullable(playbook);
    }

    public String label() {
        return label;
    }

    /** The lists on demand the area shows ({@link AreaContribution#listsShown}); none for the overview. */
    public java.util.Set<String> listsShown() {
        return listsShown;
    }

    public String styleClass() {
        return styleClass;
    }

    /** The area's view-model; empty for the overview (its own is {@link MainViewModel#overview()}). */
    public Optional<AreaViewModel<?>> viewModel() {
        return Optional.ofNullable(viewModel);
    }

    /** The area's view; the main view builds the overview's itself. */
    Node newView() {
        if (view == null) {
            throw new IllegalStateException("the overview's view is the main view's own");
        }
        Node n = view.get();
        n.getStyleClass().add(styleClass);
        return n;
    }

    @Override
    public String toString() {
        return label;
    }
}
