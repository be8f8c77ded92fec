package io.intentops.eval.drift;

import io.intentops.core.ConfigurationException;

/**
 * When a drift signal counts as a breach. Immutable; build with {@link #builder()}.
 *
 * @param classPsi breach when PSI of the predicted-class distribution exceeds this
 * @param classJsDistance breach when the Jensen-Shannon distance (base 2) of the class distributions exceeds this
 * @param confidencePsi breach when PSI of the confidence distribution (baseline deciles) exceeds this
 * @param confidenceKsPValue with {@code confidenceKsStatistic}: breach when the KS p-value is below this
 * @param confidenceKsStatistic ... and the KS statistic is at least this (an effect size, so that tiny
 *     shifts in huge samples do not alarm)
 * @param oosRateDelta breach when |current OOS rate - baseline OOS rate| exceeds this (absolute)
 * @param minSamples a current sample smaller than this is inconclusive: never a breach
 */
public record DriftThresholds(
    double classPsi, double classJsDistance, double confidencePsi, double confidenceKsPValue,
    double confidenceKsStatistic, double oosRateDelta, int minSamples) {
  /** PSI above 0.25 is the usual "significant shift". */
  public static final double DEFAULT_CLASS_PSI = 0.25;
  /** Jensen-Shannon distance (base 2). */
  public static final double DEFAULT_CLASS_JS_DISTANCE = 0.1;
  /** PSI of the confidence distribution. */
  public static final double DEFAULT_CONFIDENCE_PSI = 0.25;
  /** KS p-value. */
  public static final double DEFAULT_CONFIDENCE_KS_P_VALUE = 0.01;
  /** KS statistic (effect size). */
  public static final double DEFAULT_CONFIDENCE_KS_STATISTIC = 0.1;
  /** 5 points of OOS rate. */
  public static final double DEFAULT_OOS_RATE_DELTA = 0.05;
  /** Minimum current sample size. */
  public static final int DEFAULT_MIN_SAMPLES = 100;

  public DriftThresholds {
    positive("classPsi", classPsi);
    positive("classJsDistance", classJsDistance);
    positive("confidencePsi", confidencePsi);
    positive("confidenceKsPValue", confidenceKsPValue);
    positive("confidenceKsStatistic", confidenceKsStatistic);
    positive("oosRateDelta", oosRateDelta);
    if (minSamples < 1) {
      throw new ConfigurationException("minSamples must be >= 1, got " + minSamples);
    }
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ConfigurationException(name + " must be a positive finite number, got " + v);
    }
  }

  /** The defaults. */
  public static DriftThresholds defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private double classPsi = DEFAULT_CLASS_PSI;
    private double classJsDistance = DEFAULT_CLASS_JS_DISTANCE;
    private double confidencePsi = DEFAULT_CONFIDENCE_PSI;
    private double confidenceKsPValue = DEFAULT_CONFIDENCE_KS_P_VALUE;
    private double confidenceKsStatistic = DEFAULT_CONFIDENCE_KS_STATISTIC;
    private double oosRateDelta = DEFAULT_OOS_RATE_DELTA;
    private int minSamples = DEFAULT_MIN_SAMPLES;

    private Builder() {}

    /** PSI limit of the class distribution. */
    public Builder classPsi(double v) {
      classPsi = v;
      return this;
    }

    /** JS-distance limit of the class distribution. */
    public Builder classJsDistance(double v) {
      classJsDistance = v;
      return this;
    }

    /** PSI limit of the confidence distribution. */
    public Builder confidencePsi(double v) {
      confidencePsi = v;
      return this;
    }

    /** KS p-value limit. */
    public Builder confidenceKsPValue(double v) {
      confidenceKsPValue = v;
      return this;
    }

    /** KS statistic limit. */
    public Builder confidenceKsStatistic(double v) {
      confidenceKsStatistic = v;
      return this;
    }

    /** OOS-rate change limit. */
    public Builder oosRateDelta(double v) {
      oosRateDelta = v;
      return this;
    }

    /** Minimum current sample size. */
    public Builder minSamples(int v) {
      minSamples = v;
      return this;
    }

    /** The validated thresholds. */
    public DriftThresholds build() {
      return new DriftThresholds(classPsi, classJsDistance, confidencePsi, confidenceKsPValue, confidenceKsStatistic,
          oosRateDelta, minSamples);
    }
  }
}
