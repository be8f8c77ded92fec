package io.intentops.train.intent;

import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.head.OosScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * OOS statistics for {@link IntentTrainer}: the kNN reference bank (per-class spherical k-means) or
 * the Mahalanobis statistics the OOS method needs, and the threshold choice at a target in-domain
 * recall. Stateless; thread-safe.
 */
final class OosStatistics {
  private OosStatistics() {}

  /** {@code base} with the statistics the OOS method needs (kNN bank or Mahalanobis), fitted on {@code rows}. */
  static IntentHeadWeights fit(IntentHeadWeights base, float[][] emb, int[] rows, int[] y, int classes,
      IntentTrainer.Builder b) {
    int dim = base.dim();
    if (b.oosMethod.equals(OosScorer.KNN_COSINE)) {
      float[] bank = centroids(emb, rows, y, classes, b.centroidsPerClass, b.seed);
      return new IntentHeadWeights(base.mean(), base.scale(), base.weight(), base.bias(), classes, dim, bank, bank.length / dim);
    }
    if (b.oosMethod.equals(OosScorer.MAHALANOBIS)) {
      Mahalanobis.Stats st = Mahalanobis.fit(emb, rows, y, classes, b.shrinkage);
      return base.withMahalanobis(st.whiten(), st.means(), st.rows());
    }
    return base;
  }

  /** See {@link IntentTrainer#threshold}. */
  static double threshold(double[] inDomain, double recall) {
    double[] s = inDomain.clone();
    Arrays.sort(s);
    int m = (int) Math.ceil(recall * s.length); // scores s[0..m-1] must be below the threshold
    if (m >= s.length) {
      return Math.nextUp(s[s.length - 1]);
    }
    return m == 0 ? s[0] : (s[m - 1] + s[m]) / 2 > s[m - 1] ? (s[m - 1] + s[m]) / 2 : Math.nextUp(s[m - 1]);
  }

  /** Per-class spherical k-means (fixed seed, 20 Lloyd iterations) over L2-normalised rows; flat [rows, dim]. */
  static float[] centroids(float[][] x, int[] idx, int[] y, int classes, int perClass, long seed) {
    int d = x[0].length;
    List<float[]> out = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < classes; c++) {
      List<float[]> pts = new ArrayList<>();
      for (int i : idx) {
        if (y[i] == c) {
          pts.add(normalised(x[i]));
        }
      }
      if (pts.isEmpty()) {
        continue;
      }
      int m = Math.min(perClass, pts.size());
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < pts.size(); i++) {
        order.add(i);
      }
      for (int i = order.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      float[][] cent = new float[m][];
      for (int j = 0; j < m; j++) {
        cent[j] = pts.get(order.get(j)).clone();
      }
      int[] assign = new int[pts.size()];
      for (int it = 0; it < 20 && m < pts.size(); it++) {
        for (int p = 0; p < pts.size(); p++) {
          int best = 0;
          double bs = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < m; j++) {
            double s = dot(pts.get(p), cent[j]);
            if (s > bs) {
              bs = s;
              best = j;
            }
          }
          assign[p] = best;
        }
        for (int j = 0; j < m; j++) {
          double[] acc = new double[d];
          int count = 0;
          for (int p = 0; p < pts.size(); p++) {
            if (assign[p] == j) {
              float[] v = pts.get(p);
              for (int k = 0; k < d; k++) {
                acc[k] += v[k];
              }
              count++;
            }
          }
          if (count > 0) {
            float[] nc = new float[d];
            for (int k = 0; k < d; k++) {
              nc[k] = (float) acc[k];
            }
            cent[j] = normalised(nc);
          }
        }
      }
      out.addAll(Arrays.asList(cent));
    }
    float[] flat = new float[out.size() * d];
    for (int r = 0; r < out.size(); r++) {
      System.arraycopy(out.get(r), 0, flat, r * d, d);
    }
    return flat;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static float[] normalised(float[] v) {
    double n = Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.max(n, 1e-12));
    }
    return out;
  }
}
