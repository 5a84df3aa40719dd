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
    for (String module :
        new String[] {"catalog", "stream", "feature", "serving", "gateway", "infra"}) {
      assertHolds(
          noClasses()
              .that()
              .resideOutsideOfPackage("io.tributary." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("io.tributary." + module + "..internal.."));
    }
  }

  /**
   * The online store's read API and the aggregation it evaluates are what the serving Lambda loads:
   * they reach neither Flink, Kafka nor Iceberg, nor the platform's other modules.
   */
  @Test
  void theReadApiNeedsNoFlinkKafkaOrIceberg() {
    assertHolds(
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.tributary.feature.dynamodb..", "io.tributary.feature.aggregate..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.flink..",
                "org.apache.kafka..",
                "org.apache.iceberg..",
                "org.apache.hadoop..",
                "io.tributary.stream..",
                "io.tributary.catalog..",
                "io.tributary.gateway..",
                "io.tributary.infra.."));
  }

  /**
   * The serving Lambda loads its own classes and the read API only: nothing of Flink, Kafka,
   * Iceberg or the platform's other modules, and not the feature jobs or their declarations.
   */
  @Test
  void theServingLambdaNeedsOnlyTheReadApi() {
    assertHolds(
        noClasses()
            .that()
            .resideInAPackage("io.tributary.serving..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.flink..",
                "org.apache.kafka..",
                "org.apache.iceberg..",
                "org.apache.hadoop..",
                "io.netty..",
                "io.tributary.feature.job..",
                "io.tributary.feature.group..",
                "io.tributary.stream..",
                "io.tributary.catalog..",
                "io.tributary.gateway..",
                "io.tributary.infra.."));
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
