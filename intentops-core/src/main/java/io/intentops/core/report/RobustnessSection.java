package io.intentops.core.report;

import java.util.List;
import java.util.Objects;

/**
 * Robustness results: one in-domain test set scored clean and under seeded perturbations (typos,
 * casing, punctuation, whitespace, contractions). Immutable and thread-safe. Optional in
 * {@code eval.json} (reports without it read unchanged).
 *
 * @param dataset the clean test set every perturbation was applied to
 * @param seed the seed of the perturbation generators (texts are perturbed independently of order)
 * @param clean scores on the unperturbed texts (its drops are 0)
 * @param perturbed scores per perturbation, in the order they were run
 */
public record RobustnessSection(DatasetManifest dataset, long seed, PerturbationScores clean,
    List<PerturbationScores> perturbed) {
  public RobustnessSection {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(clean, "clean");
    perturbed = List.copyOf(perturbed);
  }

  /**
   * Scores of one variant of the test set.
   *
   * @param perturbation perturbation name ({@code clean} for the unperturbed texts)
   * @param description what the perturbation does, with its rates
   * @param examples texts scored
   * @param changed texts the perturbation actually changed
   * @param accuracy share of texts whose top label is the gold label, in [0, 1]
   * @param macroF1 unweighted mean of per-class F1, in [0, 1]
   * @param falseOosRate share of these in-domain texts the model flagged out of scope, in [0, 1]
   * @param accuracyDrop clean accuracy minus this accuracy (absolute; 0.02 = 2 points)
   * @param macroF1Drop clean macro-F1 minus this macro-F1
   * @param falseOosIncrease this false-OOS rate minus the clean one
   */
  public record PerturbationScores(String perturbation, String description, int examples, int changed,
      double accuracy, double macroF1, double falseOosRate, double accuracyDrop, double macroF1Drop,
      double falseOosIncrease) {
    public PerturbationScores {
      Objects.requireNonNull(perturbation, "perturbation");
      Objects.requireNonNull(description, "description");
      if (examples < 0 || changed < 0 || changed > examples) {
        throw new IllegalArgumentException("changed (" + changed + ") must be within [0, examples (" + examples + ")]");
      }
    }
  }
}
