package io.intentops.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture rules over the main classes of every library module on this module's test classpath
 * (core, inference, train, eval, router, governance, postgres, models); test classes, including the
 * fixtures of {@link DeliberateViolationTest}, are not imported.
 */
@AnalyzeClasses(packages = ArchitectureRules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;

  @ArchTest
  static final ArchRule noForeignInternals = ArchitectureRules.NO_FOREIGN_INTERNALS;

  @ArchTest
  static final ArchRule coreDependsOnNoEngine = ArchitectureRules.CORE_DEPENDS_ON_NO_ENGINE;

  @ArchTest
  static final ArchRule routerIndependent = ArchitectureRules.ROUTER_INDEPENDENT;

  @ArchTest
  static final ArchRule governanceIndependent = ArchitectureRules.GOVERNANCE_INDEPENDENT;

  @ArchTest
  static final ArchRule pytorchOnlyInTrain = ArchitectureRules.PYTORCH_ONLY_IN_TRAIN;

  @ArchTest
  static final ArchRule noStandardStreams = ArchitectureRules.NO_STANDARD_STREAMS;
}
