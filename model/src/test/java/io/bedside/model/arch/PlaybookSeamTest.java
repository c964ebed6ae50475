package io.bedside.model.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.bedside.model.findings.Playbook;
import io.bedside.model.playbooks.Playbooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playbook seam (docs/decisions/0009-playbook-seam.md): the contract knows no playbook, only the
 * registry names them all, and every playbook class is in the registry.
 */
class PlaybookSeamTest {
    private static JavaClasses model;

    @BeforeAll
    static void importModel() {
        model = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.bedside.model");
        assertTrue(model.size() > 20, "the model's classes were imported");
    }

    @Test
    void theContractKnowsNoPlaybook() {
        noClasses().that().resideInAPackage("io.bedside.model.findings..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bedside.model.ipc..", "io.bedside.model.memory..",
                        "io.bedside.model.sockets..", "io.bedside.model.disk..", "io.bedside.model.fds..", "io.bedside.model.cpu..", "io.bedside.model.net..", "io.bedside.model.procs..", "io.bedside.model.playbooks..")
                .because("findings holds the contract every playbook implements; a playbook named there is a "
                        + "registration outside the registry")
                .check(model);
    }

    /** The data path runs one way: the probe's output and the sample know no playbook; playbooks read them. */
    @Test
    void theSampleAndItsParserKnowNoPlaybook() {
        noClasses().that().resideInAnyPackage("io.bedside.model.probe..", "io.bedside.model.sample..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bedside.model.ipc..", "io.bedside.model.memory..",
                        "io.bedside.model.sockets..", "io.bedside.model.disk..", "io.bedside.model.fds..", "io.bedside.model.cpu..", "io.bedside.model.net..", "io.bedside.model.procs..", "io.bedside.model.playbooks..", "io.bedside.model.findings..",
                        "io.bedside.model.session..", "io.bedside.model.recording..", "io.bedside.model.fix..")
                .because("a sample holds each playbook's part by type (Sample.part), read by the parts the registry "
                        + "hands the parser; a playbook named here is the backwards path the seam removed")
                .check(model);
    }

    @Test
    void onlyTheRegistryNamesAPlaybookOfAnotherPackage() {
        for (JavaClass playbook : playbooks()) {
            noClasses().that().resideOutsideOfPackages(playbook.getPackageName(), "io.bedside.model.playbooks")
                    .should().dependOnClassesThat().belongToAnyOf(playbook.reflect())
                    .because("the headless commands, the report and the window ask the registry, not a playbook by name")
                    .check(model);
        }
    }

    @Test
    void everyPlaybookClassIsInTheRegistryOnce() {
        Set<String> classes = playbooks().stream().map(JavaClass::getName).collect(Collectors.toSet());
        List<String> registered = Playbooks.all().stream().map(p -> p.getClass().getName()).toList();
        assertEquals(classes, Set.copyOf(registered), "the registry lists every Playbook implementation");
        assertEquals(registered.size(), Set.copyOf(registered).size(), "none twice");
        Set<String> ids = Playbooks.all().stream().map(Playbook::id).collect(Collectors.toSet());
        assertEquals(registered.size(), ids.size(), "ids are unique");
        List<String> fixIds = Playbooks.allFixes().stream().map(f -> f.id()).toList();
        assertEquals(fixIds.size(), Set.copyOf(fixIds).size(), "fix ids are unique across playbooks: " + fixIds);
        List<String> findingIds = Playbooks.all().stream().flatMap(p -> p.findingIds().stream()).toList();
        assertEquals(findingIds.size(), Set.copyOf(findingIds).size(), "finding ids are unique across playbooks: " + findingIds);
    }

    /**
     * No package cycle in the model. The cycles there when the seam began (the sample parser calling
     * the playbooks' snapshots and back; fix, session and memory; the sample and the host's parsers)
     * are gone: the sample holds parts by type, the raw sample lives with the probe's output, and the
     * sample has a package of its own above the host's parsers.
     */
    @Test
    void noPackageCycles() {
        ArchRule rule = slices().matching("io.bedside.model.(*)..").should().beFreeOfCycles();
        rule.check(model);
    }

    /** One rule, one finding id: every rule raises its own id, and a playbook's ids are its rules' ids. */
    @Test
    void everyFindingIdHasItsOwnRuleClass() {
        for (Playbook p : Playbooks.all()) {
            List<String> ruleIds = p.rules().stream().map(io.bedside.model.findings.Rule::id).toList();
            assertEquals(ruleIds.size(), Set.copyOf(ruleIds).size(), p.id() + ": two rules raise one id: " + ruleIds);
            assertEquals(Set.copyOf(p.findingIds()), Set.copyOf(ruleIds), p.id() + ": its finding ids are its rules' ids");
            List<Class<?>> classes = p.rules().stream().<Class<?>>map(Object::getClass).toList();
            assertEquals(classes.size(), Set.copyOf(classes).size(), p.id() + ": one class per rule");
        }
    }

    private static List<JavaClass> playbooks() {
        return model.stream().filter(c -> !c.isInterface() && c.isAssignableTo(Playbook.class)).toList();
    }
}
