package io.intentops.eval.metrics;

import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.OosThresholdScores;
import io.intentops.core.report.RocPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Out-of-scope detection metrics. Convention everywhere: the OOS texts are the positive class and a
 * higher score means "more likely out of scope"; a text is flagged when its score is at or above the
 * threshold. Stateless and thread-safe.
 */
public final class OosMetrics {
  /** Default target TPR for {@link #fprAtTpr(double[], double[], double)}. */
  public static final double DEFAULT_TARGET_TPR = 0.95;

  private OosMetrics() {}

  /**
   * Area under the ROC curve: the probability that a random OOS text scores higher than a random
   * in-domain text, ties counting 1/2 (the Mann-Whitney U statistic divided by n_in * n_oos; equal to
   * scikit-learn's {@code roc_auc_score}). O(n log n).
   *
   * @throws io.intentops.core.InvalidInputException when either array is empty or holds NaN
   */
  public static double auroc(double[] inDomainScores, double[] oosScores) {
    check(inDomainScores, oosScores, "AUROC");
    int n = inDomainScores.length + oosScores.length;
    double[] all = new double[n];
    boolean[] pos = new boolean[n];
    Integer[] idx = new Integer[n];
    System.arraycopy(inDomainScores, 0, all, 0, inDomainScores.length);
    System.arraycopy(oosScores, 0, all, inDomainScores.length, oosScores.length);
    for (int i = 0; i < n; i++) {
      idx[i] = i;
      pos[i] = i >= inDomainScores.length;
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

  /**
   * AUROC with a stratified percentile-bootstrap interval (in-domain and OOS texts resampled
   * separately). O(n) per resample after one sort.
   */
  public static ConfidenceInterval aurocWithCi(double[] inDomainScores, double[] oosScores, Bootstrap bootstrap) {
    check(inDomainScores, oosScores, "AUROC");
    int nIn = inDomainScores.length;
    int n = nIn + oosScores.length;
    double[] all = new double[n];
    System.arraycopy(inDomainScores, 0, all, 0, nIn);
    System.arraycopy(oosScores, 0, all, nIn, oosScores.length);
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Double.compare(all[a], all[b]));
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    return bootstrap.interval(nIn, oosScores.length, (wIn, wOos) -> {
      // Weighted Mann-Whitney: each OOS text scores against the in-domain weight below it plus half the tied weight.
      double negBelow = 0;
      double num = 0;
      double wPos = 0;
      for (int i = 0; i < n; ) {
        int j = i;
        while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
          j++;
        }
        double negTied = 0;
        double posTied = 0;
        for (int k = i; k <= j; k++) {
          int id = order[k];
          if (id < nIn) {
            negTied += wIn[id];
          } else {
            posTied += wOos[id - nIn];
          }
        }
        num += posTied * (negBelow + negTied / 2);
        negBelow += negTied;
        wPos += posTied;
        i = j + 1;
      }
      return num / (wPos * negBelow);
    });
  }

  /**
   * The ROC curve at every distinct score (scikit-learn {@code roc_curve(drop_intermediate=False)}),
   * preceded by the point (+Infinity, 0, 0). FPR and TPR are non-decreasing along the list.
   */
  public static List<RocPoint> rocCurve(double[] inDomainScores, double[] oosScores) {
    check(inDomainScores, oosScores, "ROC curve");
    double[] in = sortedDescending(inDomainScores);
    double[] out = sortedDescending(oosScores);
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    int i = 0;
    int o = 0;
    while (i < in.length || o < out.length) {
      double t = Math.max(i < in.length ? in[i] : Double.NEGATIVE_INFINITY, o < out.length ? out[o] : Double.NEGATIVE_INFINITY);
      while (i < in.length && in[i] >= t) {
        i++;
      }
      while (o < out.length && out[o] >= t) {
        o++;
      }
      points.add(new RocPoint(t, (double) i / in.length, (double) o / out.length));
    }
    return points;
  }

  /**
   * At most {@code maxPoints} points of the ROC curve for plotting and reports: every point when the
   * curve is short enough, otherwise evenly spaced points by index, always keeping the first and last.
   */
  public static List<RocPoint> rocCurve(double[] inDomainScores, double[] oosScores, int maxPoints) {
    if (maxPoints < 2) {
      throw Args.invalid("maxPoints must be >= 2, got " + maxPoints);
    }
    List<RocPoint> all = rocCurve(inDomainScores, oosScores);
    if (all.size() <= maxPoints) {
      return all;
    }
    List<RocPoint> out = new ArrayList<>(maxPoints);
    for (int k = 0; k < maxPoints; k++) {
      out.add(all.get((int) Math.round((double) k * (all.size() - 1) / (maxPoints - 1))));
    }
    return out;
  }

  /**
   * Area under the precision-recall curve as average precision, AP = sum over thresholds of
   * (R_n - R_{n-1}) * P_n (scikit-learn {@code average_precision_score}, no interpolation).
   */
  public static double aupr(double[] inDomainScores, double[] oosScores) {
    List<RocPoint> roc = rocCurve(inDomainScores, oosScores);
    double ap = 0;
    for (int k = 1; k < roc.size(); k++) {
      RocPoint prev = roc.get(k - 1);
      RocPoint p = roc.get(k);
      double tp = p.tpr() * oosScores.length;
      double fp = p.fpr() * inDomainScores.length;
      double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
      ap += (p.tpr() - prev.tpr()) * precision;
    }
    return ap;
  }

  /**
   * The false-positive rate at the highest threshold whose TPR reaches {@code targetTpr} (the usual
   * "FPR at 95 % TPR" of OOS detection papers), in [0, 1].
   */
  public static double fprAtTpr(double[] inDomainScores, double[] oosScores, double targetTpr) {
    if (!(targetTpr > 0 && targetTpr <= 1)) {
      throw Args.invalid("target TPR must be in (0, 1], got " + targetTpr);
    }
    for (RocPoint p : rocCurve(inDomainScores, oosScores)) {
      if (p.tpr() >= targetTpr - 1e-12) {
        return p.fpr();
      }
    }
    return 1.0; // unreachable: the last point has TPR 1
  }

  /**
   * The CLINC150 protocol at one threshold. Gold labels equal to {@code oosLabel} mark OOS texts; a
   * text is flagged when {@code oosScores[i] >= threshold}.
   *
   * @param gold gold labels, {@code oosLabel} for out-of-scope texts
   * @param predicted predicted in-scope intents (the label reported even when flagged)
   * @param oosScores OOS score per text
   */
  public static OosThresholdScores atThreshold(
      List<String> gold, List<String> predicted, double[] oosScores, double threshold, String oosLabel) {
    if (oosScores.length != gold.size()) {
      throw Args.invalid("CLINC protocol: " + gold.size() + " labels but " + oosScores.length + " OOS scores");
    }
    Args.notNaN(oosScores, "oosScores");
    boolean[] flagged = new boolean[oosScores.length];
    for (int i = 0; i < flagged.length; i++) {
      flagged[i] = oosScores[i] >= threshold;
    }
    return atFlags(gold, predicted, flagged, threshold, oosLabel);
  }

  /**
   * The CLINC150 protocol with the model's own out-of-scope decisions (for example
   * {@code IntentPrediction.outOfScope()}), recorded with {@code threshold} (NaN when unknown).
   */
  public static OosThresholdScores atFlags(
      List<String> gold, List<String> predicted, boolean[] flagged, double threshold, String oosLabel) {
    Args.sameNonEmpty(gold, predicted, "CLINC protocol");
    if (flagged.length != gold.size()) {
      throw Args.invalid("CLINC protocol: " + gold.size() + " labels but " + flagged.length + " OOS flags");
    }
    int in = 0;
    int out = 0;
    int inRight = 0;
    int inFlagged = 0;
    int outFlagged = 0;
    for (int i = 0; i < gold.size(); i++) {
      if (gold.get(i).equals(oosLabel)) {
        out++;
        outFlagged += flagged[i] ? 1 : 0;
      } else {
        in++;
        inFlagged += flagged[i] ? 1 : 0;
        inRight += !flagged[i] && predicted.get(i).equals(gold.get(i)) ? 1 : 0;
      }
    }
    return new OosThresholdScores(threshold, Args.ratio(inRight, in), Args.ratio(outFlagged, out),
        Args.ratio(outFlagged, inFlagged + outFlagged), Args.ratio(inFlagged, in),
        (double) (inRight + outFlagged) / gold.size(), in, out);
  }

  private static void check(double[] in, double[] oos, String what) {
    if (in.length == 0 || oos.length == 0) {
      throw Args.invalid(what + " needs at least one in-domain and one OOS score, got " + in.length + " and " + oos.length);
    }
    Args.notNaN(in, "inDomainScores");
    Args.notNaN(oos, "oosScores");
  }

  private static double[] sortedDescending(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    for (int a = 0, b = s.length - 1; a < b; a++, b--) {
      double t = s[a];
      s[a] = s[b];
      s[b] = t;
    }
    return s;
  }
}
