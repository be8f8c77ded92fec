package io.intentops.inference.head;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Out-of-scope score of one input; higher means more likely out of scope, and an input is out of
 * scope when its score reaches the bundle's threshold. One of:
 *
 * <ul>
 *   <li>{@value #ENERGY}: {@code -T * logsumexp(logits / T)} (Liu et al., 2020);
 *   <li>{@value #KNN_COSINE}: {@code 1 - mean of the k largest cosine similarities} between the
 *       input's raw embedding and the reference bank (rows L2-normalised, stored in the bundle);
 *   <li>{@value #MAX_SOFTMAX}: {@code 1 - max softmax(logits / T)}.
 * </ul>
 *
 * <p>{@code IntentTrainer} picks the threshold with this scorer and {@code IntentPredictor} serves
 * with it. Immutable (the bank array is not copied; do not modify it) and thread-safe.
 */
public final class OosScorer {
  /** Method name of the energy score. */
  public static final String ENERGY = "energy";
  /** Method name of the kNN cosine score. */
  public static final String KNN_COSINE = "knn-cosine";
  /** Method name of 1 - max softmax probability. */
  public static final String MAX_SOFTMAX = "max-softmax";
  /** Every method name, in the order above. */
  public static final List<String> METHODS = List.of(ENERGY, KNN_COSINE, MAX_SOFTMAX);

  private final String method;
  private final double temperature;
  private final int k;
  private final float @Nullable [] bank;
  private final int rows;
  private final int dim;

  private OosScorer(String method, double temperature, int k, float @Nullable [] bank, int rows, int dim) {
    this.method = method;
    this.temperature = temperature;
    this.k = k;
    this.bank = bank;
    this.rows = rows;
    this.dim = dim;
  }

  /** The energy score at {@code temperature}. */
  public static OosScorer energy(double temperature) {
    return new OosScorer(ENERGY, checkTemperature(temperature), 0, null, 0, 0);
  }

  /** One minus the largest calibrated probability at {@code temperature}. */
  public static OosScorer maxSoftmax(double temperature) {
    return new OosScorer(MAX_SOFTMAX, checkTemperature(temperature), 0, null, 0, 0);
  }

  /**
   * The kNN cosine score against {@code bank}.
   *
   * @param bank row-major {@code [rows, dim]}, rows L2-normalised
   * @param k neighbours averaged; scoring uses {@code k} clamped to {@code [1, rows]}
   * @throws ConfigurationException when the shapes are inconsistent
   */
  public static OosScorer knnCosine(float[] bank, int rows, int dim, int k) {
    Objects.requireNonNull(bank, "bank");
    if (rows < 1 || dim < 1 || bank.length != (long) rows * dim) {
      throw new ConfigurationException("OOS bank has " + bank.length + " values, not " + rows + " x " + dim);
    }
    return new OosScorer(KNN_COSINE, 1.0, k, bank, rows, dim);
  }

  /**
   * The scorer named {@code method} (one of {@link #METHODS}); the arguments a method does not use
   * are ignored.
   *
   * @throws ConfigurationException for an unknown method, or {@value #KNN_COSINE} without a bank
   */
  public static OosScorer of(String method, double temperature, int k, float @Nullable [] bank, int rows, int dim) {
    return switch (method) {
      case ENERGY -> energy(temperature);
      case MAX_SOFTMAX -> maxSoftmax(temperature);
      case KNN_COSINE -> {
        if (bank == null) {
          throw new ConfigurationException("OOS method knn-cosine needs a reference bank");
        }
        yield knnCosine(bank, rows, dim, k);
      }
      default -> throw new ConfigurationException("Unknown OOS method '" + method + "'; expected one of " + METHODS);
    };
  }

  /** The method name. */
  public String method() {
    return method;
  }

  /** Whether {@link #score} reads the embedding (kNN) rather than only the logits. */
  public boolean needsEmbedding() {
    return bank != null;
  }

  /**
   * The score of one input.
   *
   * @param embedding the raw pooled embedding; required by {@value #KNN_COSINE}, ignored otherwise
   * @param logits the uncalibrated logits
   * @throws InferenceException when {@value #KNN_COSINE} gets no embedding or one of the wrong length
   */
  public double score(float @Nullable [] embedding, double[] logits) {
    float[] b = bank;
    if (b == null) {
      return method.equals(ENERGY) ? energy(logits, temperature) : 1.0 - max(IntentHead.softmax(logits, temperature));
    }
    if (embedding == null || embedding.length != dim) {
      throw new InferenceException("OOS method knn-cosine needs a " + dim + "-dimensional embedding, got "
          + (embedding == null ? "none" : embedding.length + " values"));
    }
    return knnCosine(embedding, b, rows, dim, k);
  }

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
    Arrays.fill(top, Float.NEGATIVE_INFINITY);
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

  private static double max(double[] p) {
    double m = 0;
    for (double v : p) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static double checkTemperature(double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new ConfigurationException("Temperature must be positive and finite, got " + t);
    }
    return t;
  }

  @Override
  public String toString() {
    return "OosScorer[" + method + (bank != null ? ", k=" + k + ", bank " + rows + "x" + dim : ", T=" + temperature) + "]";
  }
}
