package io.intentops.capture.drift;

import io.intentops.core.ConfigurationException;

/**
 * When a window of live traffic breaches. Each signal must be both statistically significant at
 * {@code alpha} (so small windows need a larger shift than large ones) and larger than a minimum
 * effect (so huge windows do not alarm on trivia). Immutable; build with {@link #custom()}.
 *
 * @param windowSize captured predictions per window
 * @param minSamples a window closed early with fewer predictions is inconclusive
 * @param alpha per-signal significance level (three signals per window)
 * @param classJsDistance minimum Jensen-Shannon distance (base 2) of the class mix
 * @param confidenceKs minimum KS statistic of the confidence histogram
 * @param oosRateDelta minimum absolute change of the OOS rate
 * @param consecutiveBreaches breaching windows in a row before DEGRADED
 * @param embeddingAlpha significance level of the embedding MMD permutation test; must exceed
 *     {@code 1 / (embeddingPermutations + 1)}, the smallest p-value the test can give
 * @param embeddingMmd2 minimum MMD² (RBF kernel, baseline bandwidth) of an embedding breach
 * @param embeddingMinSamples fewest window embeddings for an embedding verdict (fewer: no verdict on
 *     that signal; records captured without an embedding do not count)
 * @param embeddingMaxSamples most window embeddings tested (a seeded reservoir sample of the window's),
 *     which bounds the cost of a window
 * @param embeddingPermutations permutations of the MMD test per window
 */
public record LiveDriftConfig(int windowSize, int minSamples, double alpha, double classJsDistance,
    double confidenceKs, double oosRateDelta, int consecutiveBreaches, double embeddingAlpha, double embeddingMmd2,
    int embeddingMinSamples, int embeddingMaxSamples, int embeddingPermutations) {
  /** Predictions per window. */
  public static final int DEFAULT_WINDOW_SIZE = 500;
  /** Minimum predictions in a window closed early. */
  public static final int DEFAULT_MIN_SAMPLES = 100;
  /** Per-signal significance level. */
  public static final double DEFAULT_ALPHA = 0.001;
  /** Minimum JS distance of the class mix. */
  public static final double DEFAULT_CLASS_JS_DISTANCE = 0.1;
  /** Minimum KS statistic of the confidences. */
  public static final double DEFAULT_CONFIDENCE_KS = 0.1;
  /** Minimum OOS-rate change (5 points). */
  public static final double DEFAULT_OOS_RATE_DELTA = 0.05;
  /** Breaching windows in a row before DEGRADED (the release requirement). */
  public static final int DEFAULT_CONSECUTIVE_BREACHES = 3;
  /** Significance level of the embedding test (200 permutations resolve p down to 1/201). */
  public static final double DEFAULT_EMBEDDING_ALPHA = 0.01;
  /** Minimum MMD² of an embedding breach. */
  public static final double DEFAULT_EMBEDDING_MMD2 = 0.01;
  /** Fewest window embeddings for an embedding verdict. */
  public static final int DEFAULT_EMBEDDING_MIN_SAMPLES = 50;
  /** Most window embeddings tested. */
  public static final int DEFAULT_EMBEDDING_MAX_SAMPLES = 256;
  /** Permutations of the embedding test. */
  public static final int DEFAULT_EMBEDDING_PERMUTATIONS = 200;
  /** Seed of the embedding test's reservoir sample and permutations. */
  public static final long EMBEDDING_SEED = 2025;

  public LiveDriftConfig {
    if (windowSize < 2) {
      throw new ConfigurationException("windowSize must be >= 2, got " + windowSize);
    }
    if (minSamples < 2 || minSamples > windowSize) {
      throw new ConfigurationException("minSamples must be in [2, windowSize=" + windowSize + "], got " + minSamples);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new ConfigurationException("alpha must be in (0, 1), got " + alpha);
    }
    for (double v : new double[] {classJsDistance, confidenceKs, oosRateDelta}) {
      if (!(v >= 0 && v < 1)) {
        throw new ConfigurationException("effect-size minimums must be in [0, 1), got " + v);
      }
    }
    if (consecutiveBreaches < 1) {
      throw new ConfigurationException("consecutiveBreaches must be >= 1, got " + consecutiveBreaches);
    }
    if (embeddingPermutations < 1 || embeddingPermutations > 100_000) {
      throw new ConfigurationException("embeddingPermutations must be in [1, 100000], got " + embeddingPermutations);
    }
    if (!(embeddingAlpha > 1.0 / (embeddingPermutations + 1) && embeddingAlpha < 1)) {
      throw new ConfigurationException("embeddingAlpha must be in (1/(embeddingPermutations+1) = "
          + 1.0 / (embeddingPermutations + 1) + ", 1), got " + embeddingAlpha
          + " (below it the permutation test could never breach)");
    }
    if (!(embeddingMmd2 >= 0 && embeddingMmd2 < 2)) {
      throw new ConfigurationException("embeddingMmd2 must be in [0, 2), got " + embeddingMmd2);
    }
    if (embeddingMinSamples < 2 || embeddingMaxSamples < embeddingMinSamples || embeddingMaxSamples > 10_000) {
      throw new ConfigurationException("embedding samples must satisfy 2 <= embeddingMinSamples <= "
          + "embeddingMaxSamples <= 10000, got " + embeddingMinSamples + " and " + embeddingMaxSamples);
    }
  }

  /** The defaults. */
  public static LiveDriftConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builder; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int windowSize = DEFAULT_WINDOW_SIZE;
    private int minSamples = DEFAULT_MIN_SAMPLES;
    private double alpha = DEFAULT_ALPHA;
    private double classJs = DEFAULT_CLASS_JS_DISTANCE;
    private double ks = DEFAULT_CONFIDENCE_KS;
    private double oos = DEFAULT_OOS_RATE_DELTA;
    private int consecutive = DEFAULT_CONSECUTIVE_BREACHES;
    private double embAlpha = DEFAULT_EMBEDDING_ALPHA;
    private double embMmd2 = DEFAULT_EMBEDDING_MMD2;
    private int embMin = DEFAULT_EMBEDDING_MIN_SAMPLES;
    private int embMax = DEFAULT_EMBEDDING_MAX_SAMPLES;
    private int embPerms = DEFAULT_EMBEDDING_PERMUTATIONS;

    private Builder() {}

    /** Predictions per window. */
    public Builder windowSize(int n) {
      windowSize = n;
      return this;
    }

    /** Minimum predictions in an early-closed window. */
    public Builder minSamples(int n) {
      minSamples = n;
      return this;
    }

    /** Per-signal significance level. */
    public Builder alpha(double a) {
      alpha = a;
      return this;
    }

    /** Minimum JS distance of the class mix. */
    public Builder classJsDistance(double d) {
      classJs = d;
      return this;
    }

    /** Minimum KS statistic. */
    public Builder confidenceKs(double d) {
      ks = d;
      return this;
    }

    /** Minimum OOS-rate change. */
    public Builder oosRateDelta(double d) {
      oos = d;
      return this;
    }

    /** Breaching windows in a row before DEGRADED. */
    public Builder consecutiveBreaches(int n) {
      consecutive = n;
      return this;
    }

    /** Significance level of the embedding permutation test. */
    public Builder embeddingAlpha(double a) {
      embAlpha = a;
      return this;
    }

    /** Minimum MMD² of an embedding breach. */
    public Builder embeddingMmd2(double d) {
      embMmd2 = d;
      return this;
    }

    /** Fewest window embeddings for an embedding verdict. */
    public Builder embeddingMinSamples(int n) {
      embMin = n;
      return this;
    }

    /** Most window embeddings tested (bounds the cost per window). */
    public Builder embeddingMaxSamples(int n) {
      embMax = n;
      return this;
    }

    /** Permutations of the embedding test per window. */
    public Builder embeddingPermutations(int n) {
      embPerms = n;
      return this;
    }

    /** The validated config. */
    public LiveDriftConfig build() {
      return new LiveDriftConfig(windowSize, minSamples, alpha, classJs, ks, oos, consecutive, embAlpha, embMmd2,
          embMin, embMax, embPerms);
    }
  }
}
