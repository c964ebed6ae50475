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

    /** The playbooks' packages, in model and in ui (an area's package is its playbook's). */
    static final List<String> PLAYBOOK_PACKAGES = List.of("ipc", "memory", "sockets", "disk", "fds", "procs", "cpu", "net");

    /**
     * What an area may read of another playbook, read-only: a part holding a shared source (the fd
     * walk, the process walk) that its own playbook's rules read too.
     */
    static final Map<String, List<String>> READS = Map.of(
            // the fd area reads the shared fd walk through the socket part (SocketSnapshot)
            "fds", List.of("sockets"));

    /** For each area, the playbooks whose classes it must not name. */
    static Map<String, List<String>> others() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String area : PLAYBOOK_PACKAGES) {
            out.put(area, PLAYBOOK_PACKAGES.stream().filter(p -> !p.equals(area) && !READS.getOrDefault(area, List.of()).contains(p)).toList());
        }
        return out;
    }

    /** An area's view names the model classes of its own playbook, never another's (but what {@link #READS} allows). */
    @Test
    void noAreaNamesAnotherPlaybooksClasses() {
        others().forEach((area, not) -> noClasses().that().resideInAPackage("io.bedside.ui." + area + "..")
                .should().dependOnClassesThat().resideInAnyPackage(not.stream().map(p -> "io.bedside.model." + p + "..").toArray(String[]::new))
                .as("the " + area + " area names no class of the " + String.join(" or ", not) + " playbook")
                .allowEmptyShould(true)
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
                        "io.bedside.ui.sockets..", "io.bedside.ui.disk..", "io.bedside.ui.fds..", "io.bedside.ui.procs..", "io.bedside.ui.cpu..",
                        "io.bedside.ui.net..", "io.bedside.ui.areas..", "io.bedside.model.ipc..", "io.bedside.model.memory..",
                        "io.bedside.model.sockets..", "io.bedside.model.disk..", "io.bedside.model.fds..", "io.bedside.model.procs..",
                        "io.bedside.model.cpu..", "io.bedside.model.net..", "io.bedside.model.playbooks..")
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
