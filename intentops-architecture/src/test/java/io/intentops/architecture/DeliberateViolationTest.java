package io.intentops.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.intentops.architecture.fixture.PrintsToStdout;
import io.intentops.architecture.fixture.ReachesIntoInternals;
import io.intentops.architecture.fixture.UsesPublicApiOnly;
import io.intentops.architecture.fixture.UsesSpringOutsideSpringModules;
import io.intentops.architecture.fixture.cycle.a.A;
import io.intentops.architecture.fixture.cycle.b.B;
import org.junit.jupiter.api.Test;

/**
 * The rules catch what they claim to: each evaluated against fixture classes from this module's test
 * sources that break it (so {@link ArchitectureTest} cannot pass by importing nothing or by a rule that
 * never fires), and against a clean fixture that must pass.
 */
class DeliberateViolationTest {
  private static final ClassFileImporter IMPORTER = new ClassFileImporter();

  @Test
  void anImportOfAnotherModulesInternalPackageIsReported() {
    EvaluationResult r = ArchitectureRules.NO_FOREIGN_INTERNALS.evaluate(IMPORTER.importClasses(ReachesIntoInternals.class));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
        .contains("module 'architecture' reaches into 'governance' internals")
        .contains(ReachesIntoInternals.class.getName())
        .contains("io.intentops.governance.support.internal.Json"));
  }

  @Test
  void theDocumentedSpiIsAllowed() {
    EvaluationResult r = ArchitectureRules.NO_FOREIGN_INTERNALS.evaluate(IMPORTER.importClasses(UsesPublicApiOnly.class));
    assertThat(r.hasViolation()).as(r.getFailureReport().toString()).isFalse();
  }

  @Test
  void standardStreamsAndPrintStackTraceAreReported() {
    EvaluationResult r = ArchitectureRules.NO_STANDARD_STREAMS.evaluate(IMPORTER.importClasses(PrintsToStdout.class));
    assertThat(r.getFailureReport().getDetails()).hasSize(2)
        .anySatisfy(d -> assertThat(d).contains("java.lang.System.out"))
        .anySatisfy(d -> assertThat(d).contains("printStackTrace"));
    assertThat(ArchitectureRules.NO_STANDARD_STREAMS.evaluate(IMPORTER.importClasses(UsesPublicApiOnly.class))
        .hasViolation()).isFalse();
  }

  @Test
  void springOutsideTheSpringBootModulesIsReported() {
    EvaluationResult r = ArchitectureRules.SPRING_ONLY_IN_SPRING_MODULES.evaluate(
        IMPORTER.importClasses(UsesSpringOutsideSpringModules.class));
    assertThat(r.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
        .contains(UsesSpringOutsideSpringModules.class.getName()).contains("org.springframework.util.ClassUtils"));
    assertThat(ArchitectureRules.SPRING_ONLY_IN_SPRING_MODULES.evaluate(IMPORTER.importClasses(UsesPublicApiOnly.class))
        .hasViolation()).isFalse();
  }

  @Test
  void aPackageCycleIsReported() {
    JavaClasses cycle = IMPORTER.importClasses(A.class, B.class);
    EvaluationResult r = ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(cycle);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("architecture.fixture.cycle.a")
        .contains("architecture.fixture.cycle.b");
    assertThat(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(IMPORTER.importClasses(A.class)).hasViolation()).isFalse();
  }

  @Test
  void moduleAndInternalAreDerivedFromThePackage() {
    assertThat(ArchitectureRules.moduleOf("io.intentops.inference.ner.internal")).isEqualTo("inference");
    assertThat(ArchitectureRules.moduleOf("io.intentops.core")).isEqualTo("core");
    assertThat(ArchitectureRules.moduleOf("io.intentopsx.core")).isNull();
    assertThat(ArchitectureRules.moduleOf("com.example")).isNull();
    assertThat(ArchitectureRules.isInternal("io.intentops.inference.ner.internal")).isTrue();
    assertThat(ArchitectureRules.isInternal("io.intentops.inference.internalize")).isFalse();
  }
}
