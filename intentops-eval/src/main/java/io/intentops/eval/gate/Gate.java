package io.intentops.eval.gate;

import io.intentops.core.report.DatasetManifest;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.RobustnessSection;
import io.intentops.core.report.RobustnessSection.PerturbationScores;
import io.intentops.core.report.SplitRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Compares a candidate report with a baseline. Checks, in order:
 * <ol>
 *   <li>{@code intent.dataset}, {@code ner.dataset}: candidate and baseline test sections were measured
 *       on the same data (canonical SHA-256); comparing different data blocks.
 *   <li>{@code intent.accuracy}: test accuracy must not drop more than the margin below the baseline.
 *   <li>{@code ner.f1}: test entity F1 must not drop more than the margin.
 *   <li>{@code oos.auroc}: AUROC must reach the floor.
 *   <li>{@code intent.gap}, {@code ner.gap}: train minus validation score must not exceed the limit; when
 *       there is no validation section, the test section stands in (BANKING77 has no validation split),
 *       and the message says so.
 *   <li>{@code robustness.accuracyDrop}, {@code robustness.falseOos}: the largest accuracy drop and the
 *       largest in-domain false out-of-scope rate over the perturbations of the candidate's robustness
 *       section must not exceed their bounds (skipped without a section, failed when the baseline has
 *       one and the candidate does not).
 * </ol>
 * A metric present in the baseline but missing from the candidate fails; one missing from both is
 * skipped. Stateless and thread-safe.
 */
public final class Gate {
  private Gate() {}

  /**
   * Runs every check.
   *
   * @param baseline the report to compare with, or null to run only the floor and gap checks
   */
  public static GateVerdict evaluate(EvalReport candidate, @Nullable EvalReport baseline, GateConfig config) {
    List<GateCheck> checks = new ArrayList<>();
    compare(checks, "intent", candidate.intent(SplitRole.TEST), baseline == null ? Optional.empty() : baseline.intent(SplitRole.TEST),
        s -> s.classification().accuracy().estimate(), IntentSection::dataset, "accuracy", config.intentAccuracyMargin(),
        baseline != null);
    compare(checks, "ner", candidate.ner(SplitRole.TEST), baseline == null ? Optional.empty() : baseline.ner(SplitRole.TEST),
        s -> s.scores().f1(), NerSection::dataset, "f1", config.nerF1Margin(), baseline != null);
    if (candidate.oos() != null) {
      double auroc = candidate.oos().auroc().estimate();
      boolean ok = auroc >= config.oosAurocFloor();
      checks.add(new GateCheck("oos.auroc", ok ? GateCheck.Status.PASS : GateCheck.Status.FAIL, auroc,
          baseline == null || baseline.oos() == null ? null : baseline.oos().auroc().estimate(), config.oosAurocFloor(),
          String.format(Locale.ROOT, "OOS AUROC %.4f %s floor %.4f", auroc, ok ? "reaches" : "is below", config.oosAurocFloor())));
    } else if (baseline != null && baseline.oos() != null) {
      checks.add(new GateCheck("oos.auroc", GateCheck.Status.FAIL, null, baseline.oos().auroc().estimate(),
          config.oosAurocFloor(), "candidate has no OOS section but the baseline does"));
    } else {
      checks.add(new GateCheck("oos.auroc", GateCheck.Status.SKIPPED, null, null, config.oosAurocFloor(), "no OOS section"));
    }
    gap(checks, "intent.gap", candidate.intent(SplitRole.TRAIN), candidate.intent(SplitRole.VALIDATION), candidate.intent(SplitRole.TEST),
        s -> s.classification().accuracy().estimate(), config.maxIntentGap(), "accuracy");
    gap(checks, "ner.gap", candidate.ner(SplitRole.TRAIN), candidate.ner(SplitRole.VALIDATION), candidate.ner(SplitRole.TEST),
        s -> s.scores().f1(), config.maxNerGap(), "entity F1");
    robustness(checks, candidate.robustness(), baseline != null && baseline.robustness() != null, config);
    boolean passed = checks.stream().noneMatch(c -> c.status() == GateCheck.Status.FAIL);
    return new GateVerdict(passed, checks, config);
  }

  private static <S> void compare(List<GateCheck> checks, String task, Optional<S> cand, Optional<S> base,
      Function<S, Double> metric, Function<S, DatasetManifest> dataset, String what, double margin, boolean haveBaseline) {
    String name = task + "." + what;
    if (cand.isEmpty()) {
      if (base.isPresent()) {
        checks.add(new GateCheck(name, GateCheck.Status.FAIL, null, metric.apply(base.get()), null,
            "candidate has no " + task + " test section but the baseline does"));
      } else {
        checks.add(new GateCheck(name, GateCheck.Status.SKIPPED, null, null, null,
            "no " + task + " test section" + (haveBaseline ? " in either report" : "")));
      }
      return;
    }
    double c = metric.apply(cand.get());
    if (base.isEmpty()) {
      checks.add(new GateCheck(name, GateCheck.Status.SKIPPED, c, null, null,
          haveBaseline ? "baseline has no " + task + " test section" : "no baseline given"));
      return;
    }
    DatasetManifest dc = dataset.apply(cand.get());
    DatasetManifest db = dataset.apply(base.get());
    boolean same = dc.canonicalSha256().matches(db.canonicalSha256());
    checks.add(new GateCheck(task + ".dataset", same ? GateCheck.Status.PASS : GateCheck.Status.FAIL, null, null, null,
        same ? "same " + task + " test data (" + dc.name() + "/" + dc.split() + ")"
            : "different " + task + " test data: candidate " + dc.name() + "/" + dc.split() + " " + dc.canonicalSha256().hex().substring(0, 12)
                + ", baseline " + db.name() + "/" + db.split() + " " + db.canonicalSha256().hex().substring(0, 12)));
    double b = metric.apply(base.get());
    double limit = b - margin;
    boolean ok = c >= limit - 1e-12;
    checks.add(new GateCheck(name, ok ? GateCheck.Status.PASS : GateCheck.Status.FAIL, c, b, limit, String.format(Locale.ROOT,
        "%s %s %.4f vs baseline %.4f (%+.2f points; allowed drop %.2f points)", task, what, c, b, 100 * (c - b), 100 * margin)));
  }

  private static void robustness(List<GateCheck> checks, @Nullable RobustnessSection r, boolean baselineHasOne,
      GateConfig config) {
    if (r == null || r.perturbed().isEmpty()) {
      GateCheck.Status st = baselineHasOne ? GateCheck.Status.FAIL : GateCheck.Status.SKIPPED;
      String why = baselineHasOne ? "candidate has no robustness section but the baseline does" : "no robustness section";
      checks.add(new GateCheck("robustness.accuracyDrop", st, null, null, config.maxRobustnessAccuracyDrop(), why));
      checks.add(new GateCheck("robustness.falseOos", st, null, null, config.maxRobustnessFalseOosRate(), why));
      return;
    }
    PerturbationScores drop = r.perturbed().stream().max(Comparator.comparingDouble(PerturbationScores::accuracyDrop)).orElseThrow();
    boolean ok = drop.accuracyDrop() <= config.maxRobustnessAccuracyDrop() + 1e-12;
    checks.add(new GateCheck("robustness.accuracyDrop", ok ? GateCheck.Status.PASS : GateCheck.Status.FAIL, drop.accuracyDrop(),
        null, config.maxRobustnessAccuracyDrop(), String.format(Locale.ROOT,
            "largest accuracy drop %.2f points (%s: %.4f vs clean %.4f; allowed %.2f points)", 100 * drop.accuracyDrop(),
            drop.perturbation(), drop.accuracy(), r.clean().accuracy(), 100 * config.maxRobustnessAccuracyDrop())));
    PerturbationScores oos = r.perturbed().stream().max(Comparator.comparingDouble(PerturbationScores::falseOosRate)).orElseThrow();
    boolean ok2 = oos.falseOosRate() <= config.maxRobustnessFalseOosRate() + 1e-12;
    checks.add(new GateCheck("robustness.falseOos", ok2 ? GateCheck.Status.PASS : GateCheck.Status.FAIL, oos.falseOosRate(),
        null, config.maxRobustnessFalseOosRate(), String.format(Locale.ROOT,
            "largest share of in-domain texts flagged out of scope %.4f (%s; clean %.4f; allowed %.4f)", oos.falseOosRate(),
            oos.perturbation(), r.clean().falseOosRate(), config.maxRobustnessFalseOosRate())));
  }

  private static <S> void gap(List<GateCheck> checks, String name, Optional<S> train, Optional<S> validation, Optional<S> test,
      Function<S, Double> metric, double limit, String what) {
    Optional<S> held = validation.isPresent() ? validation : test;
    if (train.isEmpty() || held.isEmpty()) {
      checks.add(new GateCheck(name, GateCheck.Status.SKIPPED, null, null, limit,
          "needs a train section and a validation (or test) section"));
      return;
    }
    double t = metric.apply(train.get());
    double v = metric.apply(held.get());
    double g = t - v;
    boolean ok = g <= limit + 1e-12;
    checks.add(new GateCheck(name, ok ? GateCheck.Status.PASS : GateCheck.Status.FAIL, g, null, limit, String.format(Locale.ROOT,
        "train %s %.4f - %s %.4f = %.2f points (limit %.2f)", what, t, validation.isPresent() ? "validation" : "test (no validation section)",
        v, 100 * g, 100 * limit)));
  }
}
