package io.intentops.inference.internal;

import io.intentops.inference.bundle.IntentHeadWeights;

/**
 * The reference intent head's arithmetic as the predictor runs it (standardise, linear layer,
 * temperature softmax), exposed for code that produces the embedding some other way, such as the
 * peer benchmarks that feed DJL's or langchain4j's embeddings into the same head. Stateless and
 * thread-safe.
 */
public final class IntentHeads {
  private IntentHeads() {}

  /** Logits of {@code features} (length {@code head.dim()}): {@code W((x - mean) / scale) + b}, accumulated in double. */
  public static double[] logits(IntentHeadWeights head, float[] features) {
    if (features.length != head.dim()) {
      throw new IllegalArgumentException("Head expects " + head.dim() + " features, got " + features.length);
    }
    return EncoderHeadModel.logits(head, features);
  }

  /** Softmax of {@code logits / temperature} in double precision. */
  public static double[] softmax(double[] logits, double temperature) {
    return DefaultIntentPredictor.softmax(logits, temperature);
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
}
