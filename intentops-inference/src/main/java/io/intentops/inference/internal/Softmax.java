package io.intentops.inference.internal;

/**
 * The softmax every predictor uses: intent in double precision with a temperature, NER over float
 * logits (its per-word probabilities are stored as floats). Both subtract the maximum first, so large
 * logits cannot overflow. Stateless and thread-safe.
 */
public final class Softmax {
  private Softmax() {}

  /** Softmax of {@code logits / t} in double precision. */
  public static double[] of(double[] logits, double t) {
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

  /**
   * Softmax of float logits (temperature 1): exponentials rounded to float, summed in double,
   * normalised in float. Why not {@link #of} plus a cast: this exact rounding is what the reference NER
   * bundle's recorded scores were produced with.
   */
  public static float[] of(float[] x) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    float[] out = new float[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) Math.exp(x[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < x.length; i++) {
      out[i] /= (float) sum;
    }
    return out;
  }
}
