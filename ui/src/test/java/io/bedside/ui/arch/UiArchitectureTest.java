package io.bedside.ui.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's house rules (docs/decisions/0009-playbook-seam.md). */
class UiArchitectureTest {
    private static JavaClasses ui;

    @BeforeAll
    static void importUi() {
        ui = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.bedside.ui");
        assertTrue(ui.size() > 20, "the window's classes were imported");
    }

    @Test
    void onlyFxThreadCallsRunLater() {
        noClasses().that().doNotHaveFullyQualifiedName("io.bedside.ui.fx.FxThread")
                .should().callMethod("javafx.application.Platform", "runLater", "java.lang.Runnable")
                .because("FxThread is the one door to the FX thread: it batches, and tests can wait on it")
                .check(ui);
    }

    /** An area's view names the model classes of its own playbook, never another's. */
    @Test
    void noAreaNamesAnotherPlaybooksClasses() {
        Map<String, List<String>> others = Map.of(
                "ipc", List.of("memory", "sockets", "procs"),
                "memory", List.of("ipc", "sockets", "procs"),
                "sockets", List.of("ipc", "memory", "procs"),
                "procs", List.of("ipc", "memory", "sockets"));
        others.forEach((area, not) -> noClasses().that().resideInAPackage("io.bedside.ui." + area + "..")
                .should().dependOnClassesThat().resideInAnyPackage(not.stream().map(p -> "io.bedside.model." + p + "..").toArray(String[]::new))
                .as("the " + area + " area names no class of the " + String.join(" or ", not) + " playbook")
                .check(ui));
    }

    /**
     * The window takes its areas from the contributions it is given (io.bedside.ui.areas.WindowAreas,
     * in the registry's order): its main view names no area and no playbook.
     */
    @Test
    void theWindowNamesNoAreaAndNoPlaybook() {
        noClasses().that().resideInAPackage("io.bedside.ui.main..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bedside.ui.ipc..", "io.bedside.ui.memory..",
                        "io.bedside.ui.sockets..", "io.bedside.ui.procs..", "io.bedside.ui.areas..", "io.bedside.model.ipc..", "io.bedside.model.memory..",
                        "io.bedside.model.sockets..", "io.bedside.model.procs..", "io.bedside.model.playbooks..")
                .orShould().dependOnClassesThat().implement("io.bedside.model.findings.Playbook")
                .as("the window's main view names no area and no playbook")
                .check(ui);
    }

    /**
     * No package cycle in the window: the main view names no area (areas come as contributions), the
     * connect screen reaches the rest through its own port (Connector), and the theme lives with the
     * other FX helpers, so connect, fix and findings depend on main no more.
     */
    @Test
    void noPackageCycles() {
        slices().matching("io.bedside.ui.(*)..").should().beFreeOfCycles().check(ui);
    }
}
