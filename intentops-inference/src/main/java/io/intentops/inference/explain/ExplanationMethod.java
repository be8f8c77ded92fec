package io.intentops.inference.explain;

/** How word attributions are estimated. Both are model-agnostic: they only compare model outputs on perturbed texts. */
public enum ExplanationMethod {
  /**
   * Leave-one-word-out occlusion: a word's attribution is the score on the full text minus the score with
   * that word removed. Costs {@code words + 1} texts scored, in one batch.
   */
  OCCLUSION,
  /**
   * Sampled Shapley values by permutation sampling with a fixed seed: a word's attribution is its average
   * marginal contribution over {@link ExplainConfig#permutations()} random word orders. Per permutation the
   * attributions sum exactly to the score on the full text minus the score with every word removed. Costs
   * {@code permutations * (words - 1) + 2} texts scored, in one batch.
   */
  SAMPLED_SHAPLEY
}
