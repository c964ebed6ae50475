package io.bedside.model.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model is plain Java: what it must never depend on, and why. */
class ModelArchitectureTest {
    private static JavaClasses model;

    @BeforeAll
    static void importModel() {
        model = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.bedside.model");
        assertTrue(model.size() > 20, "the model's classes were imported");
    }

    @Test
    void noJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the model is shared by the window, the headless commands and the report; a JavaFX type "
                        + "here would drag the toolkit into diagnose on a server without a display")
                .check(model);
    }

    @Test
    void noSshj() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .because("the host is reached through the HostTransport port; sshj is one adapter of it in app, "
                        + "next to the local transport and the recording replay")
                .check(model);
    }

    @Test
    void noJackson() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .because("JSON is an export format owned by app; records here must not be shaped by a serializer")
                .check(model);
    }

    @Test
    void noUpwardDependencies() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.bedside.ui..", "io.bedside.app..")
                .because("the data path reads one way: model <- ui <- app")
                .check(model);
    }
}
