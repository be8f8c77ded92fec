package io.intentops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dependency rules of {@code docs/architecture.md}, as ArchUnit rules over the main classes of the
 * library modules. A class's module is the package segment after {@code io.intentops}
 * ({@code io.intentops.inference.ner.internal.BioDecoder} belongs to {@code inference}); a package is
 * internal when one of its segments is {@code internal}. The rules have no exceptions: code that other
 * modules need goes to a named, documented public or SPI package instead.
 *
 * <p>Stateless; the rules are immutable and thread-safe.
 */
public final class ArchitectureRules {
  /** Root package of every IntentOps module. */
  public static final String ROOT = "io.intentops";

  /** Packages {@code intentops-core} may use: the JDK, Jackson and JSpecify (no engine, no metrics). */
  static final String[] CORE_ALLOWED = {"java..", "javax..", "com.fasterxml.jackson..", "org.jspecify..",
      ROOT + ".core.."};

  /** Inference engines: ONNX Runtime, DJL (tokenizers and engines), PyTorch. */
  static final String[] ENGINES = {"ai.onnxruntime..", "ai.djl..", "org.pytorch.."};

  /** PyTorch and the DJL engine API that needs an engine to run (ndarrays, blocks, training). */
  static final String[] PYTORCH = {"ai.djl.pytorch..", "ai.djl.engine..", "ai.djl.ndarray..", "ai.djl.nn..",
      "ai.djl.training.."};

  private ArchitectureRules() {}

  /**
   * No cycles between packages. A package's {@code .internal} implementation counts as part of the
   * package it implements ({@code inference.internal} with {@code inference}, {@code inference.ner.internal}
   * with {@code inference.ner}): a public type's factory creating its internal implementation, which
   * implements the public type, is the intended structure, not a cycle. Any other cycle, including one
   * through an internal package, is reported.
   */
  public static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String p = c.getPackageName();
          if (!p.startsWith(ROOT + ".")) {
            return SliceIdentifier.ignore();
          }
          String rest = p.substring(ROOT.length() + 1);
          int i = rest.indexOf(".internal");
          while (i >= 0 && !(rest.length() == i + 9 || rest.charAt(i + 9) == '.')) {
            i = rest.indexOf(".internal", i + 1);
          }
          return SliceIdentifier.of(i < 0 ? rest : rest.substring(0, i));
        }

        @Override
        public String getDescription() {
          return "packages of " + ROOT + " with their .internal implementation packages";
        }
      })
      .should().beFreeOfCycles()
      .as("no package cycles (a package and its .internal implementation count as one)");

  /** Nothing outside module X depends on {@code io.intentops.X..internal..}. */
  public static final ArchRule NO_FOREIGN_INTERNALS = classes()
      .should(notDependOnAnotherModulesInternals())
      .as("no class outside module X depends on " + ROOT + ".X..internal..");

  /** {@code intentops-core} depends on no engine: only on the JDK, Jackson and JSpecify. */
  public static final ArchRule CORE_DEPENDS_ON_NO_ENGINE = classes()
      .that().resideInAPackage(ROOT + ".core..")
      .should().onlyDependOnClassesThat().resideInAnyPackage(CORE_ALLOWED)
      .as("intentops-core depends only on the JDK, Jackson and JSpecify (no engine, no Micrometer, no other module)");

  /** The router is generic over {@code Predictor<I, O>}: no inference, no governance, no engine. */
  public static final ArchRule ROUTER_INDEPENDENT = noClasses()
      .that().resideInAPackage(ROOT + ".router..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(ENGINES, ROOT + ".inference..", ROOT + ".governance.."))
      .as("intentops-router depends on neither intentops-inference nor intentops-governance nor an engine");

  /** Governance reads manifests and eval reports as data: no inference, router, eval, or engine. */
  public static final ArchRule GOVERNANCE_INDEPENDENT = noClasses()
      .that().resideInAPackage(ROOT + ".governance..")
      .should().dependOnClassesThat().resideInAnyPackage(
          concat(ENGINES, ROOT + ".inference..", ROOT + ".router..", ROOT + ".eval.."))
      .as("intentops-governance depends on neither intentops-inference nor intentops-router nor intentops-eval"
          + " nor an engine");

  /**
   * The release loop is where router and governance meet, and nothing else: no engine, no inference,
   * eval, train, PostgreSQL or CLI code (Maven's module graph already keeps router and governance off it).
   */
  public static final ArchRule RELEASE_ONLY_ON_ROUTER_AND_GOVERNANCE = noClasses()
      .that().resideInAPackage(ROOT + ".release..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(ENGINES, ROOT + ".inference..", ROOT + ".eval..",
          ROOT + ".train..", ROOT + ".postgres..", ROOT + ".cli..", ROOT + ".models.."))
      .as("intentops-release depends on router, governance and core only (no engine, inference, eval, train,"
          + " postgres, cli)");

  /** Only {@code intentops-train} uses PyTorch (and the DJL engine API that loads it). */
  public static final ArchRule PYTORCH_ONLY_IN_TRAIN = noClasses()
      .that().resideOutsideOfPackage(ROOT + ".train..")
      .should().dependOnClassesThat().resideInAnyPackage(PYTORCH)
      .as("PyTorch (ai.djl.pytorch and the DJL engine API) only in intentops-train");

  /** Library code logs or returns; it never writes to the process's stdout or stderr. */
  public static final ArchRule NO_STANDARD_STREAMS = noClasses()
      .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
      .as("no System.out, System.err or printStackTrace in library code");

  /** Every rule, in the order of {@code docs/architecture.md}. */
  public static final List<ArchRule> ALL = List.of(NO_PACKAGE_CYCLES, NO_FOREIGN_INTERNALS, CORE_DEPENDS_ON_NO_ENGINE,
      ROUTER_INDEPENDENT, GOVERNANCE_INDEPENDENT, RELEASE_ONLY_ON_ROUTER_AND_GOVERNANCE, PYTORCH_ONLY_IN_TRAIN,
      NO_STANDARD_STREAMS);

  /**
   * The module of a package: the segment after {@value #ROOT}, or null outside it.
   * {@code io.intentops.inference.ner.internal} is {@code inference}.
   */
  static @Nullable String moduleOf(String packageName) {
    if (!packageName.startsWith(ROOT + ".")) {
      return null;
    }
    String rest = packageName.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Whether one of the package's segments is {@code internal}. */
  static boolean isInternal(String packageName) {
    return Arrays.asList(packageName.split("\\.")).contains("internal");
  }

  private static ArchCondition<JavaClass> notDependOnAnotherModulesInternals() {
    return new ArchCondition<>("not depend on another module's .internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf(origin.getPackageName());
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getBaseComponentType().getPackageName();
          String to = moduleOf(target);
          if (to != null && isInternal(target) && !to.equals(from)) {
            events.add(SimpleConditionEvent.violated(d, "module '" + from + "' reaches into '" + to + "' internals: "
                + d.getDescription()));
          }
        }
      }
    };
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
