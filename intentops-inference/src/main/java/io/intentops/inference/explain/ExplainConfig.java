package io.intentops.inference.explain;

import io.intentops.core.ConfigurationException;
import java.util.Objects;

/**
 * Settings of one explanation: method, word limit and, for {@link ExplanationMethod#SAMPLED_SHAPLEY},
 * number of permutations and seed. Immutable and thread-safe; build with {@link #custom()} or use
 * {@link #defaults()}.
 *
 * @param method the attribution method (default {@link #DEFAULT_METHOD})
 * @param maxWords largest number of words an explained text may have (default {@value #DEFAULT_MAX_WORDS});
 *     a longer text is refused with {@link io.intentops.core.InvalidInputException} reason {@code TOO_LONG},
 *     because the cost grows with the word count and everything is scored in one batch
 * @param permutations random word orders for sampled Shapley (default {@value #DEFAULT_PERMUTATIONS})
 * @param seed seed of the permutations (default {@value #DEFAULT_SEED}); the same text, model and
 *     config always give the same explanation
 */
public record ExplainConfig(ExplanationMethod method, int maxWords, int permutations, long seed) {
  /** Default method: {@link ExplanationMethod#OCCLUSION}. */
  public static final ExplanationMethod DEFAULT_METHOD = ExplanationMethod.OCCLUSION;
  /**
   * Default word limit: 128 words, the default token limit ({@code InputLimits.DEFAULT_MAX_TOKENS}); every
   * word is at least one token, so words past it would be cut by truncation anyway. (Of BANKING77's 3,080
   * test queries the longest has 69 whitespace words, the median 9.)
   */
  public static final int DEFAULT_MAX_WORDS = 128;
  /** Largest configurable word limit. */
  public static final int MAX_WORDS_LIMIT = 512;
  /** Default number of Shapley permutations. */
  public static final int DEFAULT_PERMUTATIONS = 8;
  /** Largest number of Shapley permutations. */
  public static final int MAX_PERMUTATIONS = 256;
  /** Default seed of the Shapley permutations. */
  public static final long DEFAULT_SEED = 2025L;

  private static final ExplainConfig DEFAULTS = new ExplainConfig(DEFAULT_METHOD, DEFAULT_MAX_WORDS,
      DEFAULT_PERMUTATIONS, DEFAULT_SEED);

  public ExplainConfig {
    Objects.requireNonNull(method, "method");
    if (maxWords < 1 || maxWords > MAX_WORDS_LIMIT) {
      throw new ConfigurationException("maxWords must be in [1, " + MAX_WORDS_LIMIT + "], got " + maxWords);
    }
    if (permutations < 1 || permutations > MAX_PERMUTATIONS) {
      throw new ConfigurationException("permutations must be in [1, " + MAX_PERMUTATIONS + "], got " + permutations);
    }
  }

  /** Occlusion, {@value #DEFAULT_MAX_WORDS} words. */
  public static ExplainConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builds an {@link ExplainConfig}; values are checked in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private ExplanationMethod method = DEFAULT_METHOD;
    private int maxWords = DEFAULT_MAX_WORDS;
    private int permutations = DEFAULT_PERMUTATIONS;
    private long seed = DEFAULT_SEED;

    Builder() {}

    /** The attribution method. */
    public Builder method(ExplanationMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** Largest number of words, 1 to {@value ExplainConfig#MAX_WORDS_LIMIT}. */
    public Builder maxWords(int maxWords) {
      this.maxWords = maxWords;
      return this;
    }

    /** Shapley permutations, 1 to {@value ExplainConfig#MAX_PERMUTATIONS}. */
    public Builder permutations(int permutations) {
      this.permutations = permutations;
      return this;
    }

    /** Seed of the Shapley permutations. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @throws ConfigurationException when a value is out of range */
    public ExplainConfig build() {
      return new ExplainConfig(method, maxWords, permutations, seed);
    }
  }
}
