package io.intentops.eval.metrics;

import java.util.Arrays;

/**
 * Out-of-scope detection metrics. Convention everywhere: the OOS texts are the positive class and a
 * higher score means "more likely out of scope". Stateless and thread-safe.
 */
public final class OosMetrics {
  private OosMetrics() {}

  /**
   * Area under the ROC curve: the probability that a random OOS text scores higher than a random
   * in-domain text, ties counting 1/2 (the Mann-Whitney U statistic divided by n_in * n_oos; equal to
   * scikit-learn's {@code roc_auc_score}). O(n log n).
   *
   * @throws io.intentops.core.InvalidInputException when either array is empty or holds NaN
   */
  public static double auroc(double[] inDomainScores, double[] oosScores) {
    if (inDomainScores.length == 0 || oosScores.length == 0) {
      throw Args.invalid("AUROC needs at least one in-domain and one OOS score, got "
          + inDomainScores.length + " and " + oosScores.length);
    }
    Args.notNaN(inDomainScores, "inDomainScores");
    Args.notNaN(oosScores, "oosScores");
    int n = inDomainScores.length + oosScores.length;
    double[] all = new double[n];
    boolean[] pos = new boolean[n];
    Integer[] idx = new Integer[n];
    for (int i = 0; i < inDomainScores.length; i++) {
      all[i] = inDomainScores[i];
    }
    for (int i = 0; i < oosScores.length; i++) {
      all[inDomainScores.length + i] = oosScores[i];
      pos[inDomainScores.length + i] = true;
    }
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(all[a], all[b]));
    // Sum of mid-ranks of the positives; tied groups share the average rank (ties count 1/2).
    double rankSumPos = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && all[idx[j + 1]] == all[idx[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (pos[idx[k]]) {
          rankSumPos += midRank;
        }
      }
      i = j + 1;
    }
    double nPos = oosScores.length;
    double nNeg = inDomainScores.length;
    return (rankSumPos - nPos * (nPos + 1) / 2.0) / (nPos * nNeg);
  }
}
