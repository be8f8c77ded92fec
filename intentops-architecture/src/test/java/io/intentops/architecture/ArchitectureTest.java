package io.intentops.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules over the main classes of every library module on this module's test classpath
 * (core, inference, train, eval, router, governance, postgres, models). Test classes, including the
 * fixtures of {@link DeliberateViolationTest}, are not imported. A failure lists every violating
 * dependency with its source line.
 */
class ArchitectureTest {
  /** The modules whose main classes must be imported; a missing one would make every rule pass vacuously. */
  private static final Set<String> MODULES = Set.of("core", "inference", "train", "eval", "router", "governance",
      "postgres", "release", "models");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ArchitectureRules.ROOT);
  }

  @Test
  void everyLibraryModuleIsImported() {
    Set<String> seen = new TreeSet<>();
    classes.forEach(c -> seen.add(String.valueOf(ArchitectureRules.moduleOf(c.getPackageName()))));
    assertThat(seen).containsAll(MODULES).doesNotContain("architecture");
  }

  @Test
  void noPackageCycles() {
    check(ArchitectureRules.NO_PACKAGE_CYCLES);
  }

  @Test
  void noForeignInternals() {
    check(ArchitectureRules.NO_FOREIGN_INTERNALS);
  }

  @Test
  void coreDependsOnNoEngine() {
    check(ArchitectureRules.CORE_DEPENDS_ON_NO_ENGINE);
  }

  @Test
  void routerDependsOnNeitherInferenceNorGovernance() {
    check(ArchitectureRules.ROUTER_INDEPENDENT);
  }

  @Test
  void governanceDependsOnNeitherInferenceNorRouter() {
    check(ArchitectureRules.GOVERNANCE_INDEPENDENT);
  }

  @Test
  void releaseDependsOnlyOnRouterAndGovernance() {
    check(ArchitectureRules.RELEASE_ONLY_ON_ROUTER_AND_GOVERNANCE);
  }

  @Test
  void pytorchOnlyInTrain() {
    check(ArchitectureRules.PYTORCH_ONLY_IN_TRAIN);
  }

  @Test
  void noStandardStreamsInLibraryCode() {
    check(ArchitectureRules.NO_STANDARD_STREAMS);
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
