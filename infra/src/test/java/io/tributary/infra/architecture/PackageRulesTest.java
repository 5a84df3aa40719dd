package io.tributary.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the main classes of every module (infra's
 * test classpath holds them all): no package depends on itself through others, and a module's
 * {@code internal} packages are its own.
 */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary");
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("io.tributary.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void internalPackagesAreUsedOnlyInsideTheirModule() {
    for (String module : new String[] {"catalog", "stream", "gateway", "infra"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage("io.tributary." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tributary." + module + "..internal..")
          .check(classes);
    }
  }
}
