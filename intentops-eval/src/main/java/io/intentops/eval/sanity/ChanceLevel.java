package io.intentops.eval.sanity;

import io.intentops.core.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What accuracy "chance" means on a test set, and a check that a score is not above it. A model whose
 * predictions are independent of the true label has expected accuracy sum_c q_c * p_c, where p is the
 * gold label distribution and q its prediction distribution; that is at most the majority-class share
 * p_max. The check allows sampling noise: accuracy must not exceed p_max + z * sqrt(p_max (1 - p_max) / n)
 * (one-sided binomial normal approximation; z = {@value #DEFAULT_Z} gives about a 0.1 % false-alarm rate).
 * Immutable and thread-safe.
 *
 * @param examples test examples
 * @param classes distinct gold labels
 * @param majorityRate share of the most frequent gold label
 * @param uniformRate 1 / classes, the expectation of uniform random guessing
 * @param z noise allowance in standard errors
 * @param upperBound the highest accuracy still consistent with chance
 */
public record ChanceLevel(int examples, int classes, double majorityRate, double uniformRate, double z, double upperBound) {
  /** Default allowance in standard errors. */
  public static final double DEFAULT_Z = 3.0;

  /** Chance level of {@code testGold} with {@value #DEFAULT_Z} standard errors of allowance. */
  public static ChanceLevel of(List<String> testGold) {
    return of(testGold, DEFAULT_Z);
  }

  /** Chance level of {@code testGold} with {@code z} standard errors of allowance. */
  public static ChanceLevel of(List<String> testGold, double z) {
    if (testGold.isEmpty()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "chance level needs test labels");
    }
    if (!(z >= 0) || Double.isInfinite(z)) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "z must be finite and >= 0, got " + z);
    }
    Map<String, Integer> counts = new HashMap<>();
    testGold.forEach(l -> counts.merge(l, 1, Integer::sum));
    int n = testGold.size();
    double pMax = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (double) n;
    double upper = Math.min(1, pMax + z * Math.sqrt(pMax * (1 - pMax) / n));
    return new ChanceLevel(n, counts.size(), pMax, 1.0 / counts.size(), z, upper);
  }

  /** Whether {@code accuracy} is consistent with chance. */
  public boolean isAtChance(double accuracy) {
    return accuracy <= upperBound + 1e-12;
  }

  /**
   * Throws when a model trained on shuffled labels scored above chance (a leak: duplicated texts
   * between train and test, labels encoded in the texts, evaluation on training data ...).
   *
   * @throws SanityCheckException naming the accuracy and the bound
   */
  public void requireAtChance(double accuracy) {
    if (!isAtChance(accuracy)) {
      throw new SanityCheckException(String.format(Locale.ROOT,
          "Randomised-label check failed: accuracy %.4f on %d examples exceeds the chance bound %.4f "
              + "(majority class %.4f + %.1f standard errors). Look for train/test overlap or label leakage.",
          accuracy, examples, upperBound, majorityRate, z));
    }
  }
}
