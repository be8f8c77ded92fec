package io.intentops.train.bert;

import io.intentops.core.ConfigurationException;

/**
 * Shape of a BERT encoder. Immutable and thread-safe.
 *
 * @param layers number of transformer layers
 * @param hidden hidden size
 * @param heads attention heads (hidden must be divisible by it)
 * @param intermediate feed-forward size
 * @param layerNormEps LayerNorm epsilon
 */
public record BertConfig(int layers, int hidden, int heads, int intermediate, float layerNormEps) {
  /** bge-small-en-v1.5: 12 layers, 384 hidden, 12 heads, 1536 feed-forward, eps 1e-12. */
  public static final BertConfig BGE_SMALL = new BertConfig(12, 384, 12, 1536, 1e-12f);

  public BertConfig {
    if (layers < 1 || hidden < 1 || heads < 1 || intermediate < 1 || hidden % heads != 0) {
      throw new ConfigurationException("Invalid BERT config: layers=" + layers + " hidden=" + hidden + " heads="
          + heads + " intermediate=" + intermediate);
    }
    if (!(layerNormEps > 0)) {
      throw new ConfigurationException("layerNormEps must be > 0, got " + layerNormEps);
    }
  }

  /** Per-head size. */
  public int headSize() {
    return hidden / heads;
  }
}
