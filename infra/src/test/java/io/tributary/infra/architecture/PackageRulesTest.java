package io.tributary.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
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
    assertHolds(slices().matching("io.tributary.(**)").should().beFreeOfCycles());
  }

  @Test
  void internalPackagesAreUsedOnlyInsideTheirModule() {
    for (String module : new String[] {"catalog", "stream", "gateway", "infra"}) {
      assertHolds(
          noClasses()
              .that()
              .resideOutsideOfPackage("io.tributary." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("io.tributary." + module + "..internal.."));
    }
  }

  /** The rule holds on the imported classes, which are every module's (not an empty import). */
  private static void assertHolds(ArchRule rule) {
    assertThat(
            classes.stream()
                .anyMatch(c -> c.getPackageName().equals("io.tributary.stream.sink.internal")))
        .as("the import reached stream-jobs' internal classes")
        .isTrue();
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
  }
}
