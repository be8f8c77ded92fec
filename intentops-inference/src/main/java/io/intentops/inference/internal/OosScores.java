package io.intentops.inference.internal;

/**
 * Out-of-scope scores; higher means more likely out of scope. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@value #ENERGY}: {@code -T * logsumexp(logits / T)} (Liu et al., 2020).
 *   <li>{@value #KNN_COSINE}: {@code 1 - mean of the k largest cosine similarities} between the text's
 *       embedding and the training embeddings (the bundle's reference bank).
 * </ul>
 */
public final class OosScores {
  /** Method name of the energy score. */
  public static final String ENERGY = "energy";
  /** Method name of the kNN cosine score. */
  public static final String KNN_COSINE = "knn-cosine";
  /** Method name of 1 - max softmax probability. */
  public static final String MAX_SOFTMAX = "max-softmax";

  private OosScores() {}

  /** Energy score of {@code logits} at temperature {@code t}. */
  public static double energy(double[] logits, double t) {
    double m = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      m = Math.max(m, l / t);
    }
    double s = 0;
    for (double l : logits) {
      s += Math.exp(l / t - m);
    }
    return -t * (m + Math.log(s));
  }

  /**
   * kNN cosine score of {@code x} against {@code bank} ({@code rows x dim}, rows L2-normalised).
   *
   * @param k neighbours averaged, at least 1 (capped at {@code rows})
   */
  public static double knnCosine(float[] x, float[] bank, int rows, int dim, int k) {
    double norm = 0;
    for (float v : x) {
      norm += (double) v * v;
    }
    float inv = (float) (1.0 / Math.sqrt(Math.max(norm, 1e-24)));
    float[] q = new float[dim];
    for (int j = 0; j < dim; j++) {
      q[j] = x[j] * inv;
    }
    int kk = Math.max(1, Math.min(k, rows));
    float[] top = new float[kk]; // ascending; top[0] is the smallest kept similarity
    java.util.Arrays.fill(top, Float.NEGATIVE_INFINITY);
    for (int r = 0; r < rows; r++) {
      int off = r * dim;
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int j = 0;
      for (; j + 3 < dim; j += 4) {
        s0 += bank[off + j] * q[j];
        s1 += bank[off + j + 1] * q[j + 1];
        s2 += bank[off + j + 2] * q[j + 2];
        s3 += bank[off + j + 3] * q[j + 3];
      }
      for (; j < dim; j++) {
        s0 += bank[off + j] * q[j];
      }
      float s = (s0 + s1) + (s2 + s3);
      if (s > top[0]) {
        int p = 0;
        while (p + 1 < kk && top[p + 1] < s) {
          top[p] = top[p + 1];
          p++;
        }
        top[p] = s;
      }
    }
    double mean = 0;
    for (float t : top) {
      mean += t;
    }
    return 1.0 - mean / kk;
  }
}
