package dev.roster.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules ARCHITECTURE.md draws, checked on the compiled classes: the SCIM HTTP edge is reached
 * only from the server wiring, the provisioning core depends on no feature above it, and server packages
 * form no cycle.
 */
class ArchitectureTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.roster.server");

    @Test
    void onlyTheWiringImportsTheScimHttpEdge() {
        noClasses().that().resideOutsideOfPackages("dev.roster.server.scim..", "dev.roster.server.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.roster.server.scim..")
                .because("seats, events, console and the app API build on provisioning, not on the HTTP edge")
                .check(SERVER);
    }

    @Test
    void theProvisioningCoreDependsOnNoFeatureAboveIt() {
        noClasses().that().resideInAPackage("dev.roster.server.provisioning..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.roster.server.scim..",
                        "dev.roster.server.http..", "dev.roster.server.console..", "dev.roster.server.seats..",
                        "dev.roster.server.events..", "dev.roster.server.webhooks..", "dev.roster.server.directory..",
                        "dev.roster.server.cli..", "dev.roster.server.bench..", "dev.roster.server.demo..")
                .because("the core is what every feature builds on")
                .check(SERVER);
    }

    @Test
    void storageDependsOnlyOnConfiguration() {
        noClasses().that().resideInAPackage("dev.roster.server.store..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.roster.server.store..",
                        "dev.roster.server.config..", "java..", "javax..", "org.jooq..", "org.flywaydb..",
                        "com.zaxxer.hikari..", "org.sqlite..", "org.postgresql..", "org.slf4j..")
                .check(SERVER);
    }

    @Test
    void serverPackagesFormNoCycle() {
        slices().matching("dev.roster.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }
}
