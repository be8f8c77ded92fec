package io.intentops.inference.head;

import io.intentops.core.ConfigurationException;
import io.intentops.inference.bundle.IntentHeadWeights;
import java.util.Objects;

/**
 * The intent head as training and serving both run it: standardise the encoder's features
 * ({@code (x - mean) / scale}), apply the linear layer ({@code W z + b}, accumulated in double) and
 * calibrate with a temperature softmax ({@code softmax(logits / T)}). {@code IntentTrainer} fits the
 * weights and {@code T} with these logits and {@code IntentPredictor} serves them, so a bundle scores
 * the same in both; code that produces the embedding some other way (the peer benchmarks) uses it too.
 *
 * <p>Immutable and thread-safe.
 */
public final class IntentHead {
  private final IntentHeadWeights weights;
  private final double temperature;

  private IntentHead(IntentHeadWeights weights, double temperature) {
    this.weights = weights;
    this.temperature = temperature;
  }

  /**
   * A head over {@code weights} calibrated with {@code temperature}.
   *
   * @param temperature softmax temperature, positive and finite (1 = uncalibrated)
   * @throws ConfigurationException when the temperature is not positive and finite
   */
  public static IntentHead of(IntentHeadWeights weights, double temperature) {
    Objects.requireNonNull(weights, "weights");
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new ConfigurationException("Temperature must be positive and finite, got " + temperature);
    }
    return new IntentHead(weights, temperature);
  }

  /** The weights. */
  public IntentHeadWeights weights() {
    return weights;
  }

  /** The softmax temperature. */
  public double temperature() {
    return temperature;
  }

  /** Number of classes (logits per input). */
  public int classes() {
    return weights.classes();
  }

  /** Feature dimension the head expects. */
  public int dim() {
    return weights.dim();
  }

  /**
   * Uncalibrated logits of {@code features}: {@code W((x - mean) / scale) + b}, accumulated in double.
   *
   * @param features length {@link #dim()}
   * @throws IllegalArgumentException when {@code features} has the wrong length (a programming error:
   *     the encoder and the head of one bundle always agree, which bundle loading checks)
   */
  public double[] logits(float[] features) {
    IntentHeadWeights h = weights;
    int d = h.dim();
    if (features.length != d) {
      throw new IllegalArgumentException("Head expects " + d + " features, got " + features.length);
    }
    double[] z = new double[d];
    float[] mean = h.mean();
    float[] scale = h.scale();
    for (int j = 0; j < d; j++) {
      z[j] = (features[j] - mean[j]) / scale[j];
    }
    float[] w = h.weight();
    float[] bias = h.bias();
    double[] out = new double[h.classes()];
    for (int c = 0; c < out.length; c++) {
      int row = c * d;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0; // independent accumulators keep the FPU pipeline busy
      int j = 0;
      for (; j + 3 < d; j += 4) {
        s0 += w[row + j] * z[j];
        s1 += w[row + j + 1] * z[j + 1];
        s2 += w[row + j + 2] * z[j + 2];
        s3 += w[row + j + 3] * z[j + 3];
      }
      for (; j < d; j++) {
        s0 += w[row + j] * z[j];
      }
      out[c] = s0 + s1 + s2 + s3 + bias[c];
    }
    return out;
  }

  /** Calibrated class probabilities of {@code logits}: {@code softmax(logits / temperature())}. */
  public double[] probabilities(double[] logits) {
    return softmax(logits, temperature);
  }

  /** Calibrated class probabilities of {@code features}: {@code probabilities(logits(features))}. */
  public double[] classify(float[] features) {
    return probabilities(logits(features));
  }

  /**
   * Softmax of {@code logits / t} in double precision (max-subtracted, so large logits do not
   * overflow); the temperature calibration every intent model applies, including those without a
   * linear head (Hugging Face classifiers).
   */
  public static double[] softmax(double[] logits, double t) {
    double m = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      m = Math.max(m, l / t);
    }
    double[] p = new double[logits.length];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] / t - m);
      s += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= s;
    }
    return p;
  }

  /** Index of the largest value (the first on ties). */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "IntentHead[" + classes() + " classes, dim " + dim() + ", T=" + temperature + "]";
  }
}
