package io.intentops.inference.encoder;

import io.intentops.core.ConfigurationException;
import java.util.Locale;

/** How token vectors become one sentence vector. Manifests spell them {@code mean}, {@code cls}, {@code mean+cls}. */
public enum Pooling {
  /** Average of the token vectors under the attention mask (special tokens included). */
  MEAN("mean"),
  /** The first ({@code [CLS]}) token's vector. */
  CLS("cls"),
  /** Mean and CLS vectors concatenated (twice the hidden size). */
  MEAN_CLS("mean+cls");

  private final String id;

  Pooling(String id) {
    this.id = id;
  }

  /** The manifest name. */
  public String id() {
    return id;
  }

  /** Output size for a hidden size of {@code hidden}. */
  public int dimension(int hidden) {
    return this == MEAN_CLS ? 2 * hidden : hidden;
  }

  /** Parses a manifest name. */
  public static Pooling parse(String id) {
    for (Pooling p : values()) {
      if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ConfigurationException("Unknown pooling '" + id + "'; expected mean, cls or mean+cls");
  }
}
