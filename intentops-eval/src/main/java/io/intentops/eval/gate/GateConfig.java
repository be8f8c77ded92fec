package io.intentops.eval.gate;

import io.intentops.core.ConfigurationException;

/**
 * Thresholds of the release gate. All values are absolute differences or levels on the [0, 1] scale
 * (0.02 = 2 percentage points). Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param intentAccuracyMargin block when candidate test accuracy &lt; baseline - margin
 * @param nerF1Margin block when candidate test entity F1 &lt; baseline - margin
 * @param oosAurocFloor block when candidate OOS AUROC &lt; floor
 * @param maxIntentGap block when intent train accuracy - validation accuracy &gt; this
 * @param maxNerGap block when NER train F1 - validation F1 &gt; this
 * @param maxRobustnessAccuracyDrop block when the accuracy drop of any perturbation in the candidate's
 *     robustness section exceeds this (default 1: no bound)
 * @param maxRobustnessFalseOosRate block when the share of in-domain texts flagged out of scope under
 *     any perturbation exceeds this (default 1: no bound)
 */
public record GateConfig(double intentAccuracyMargin, double nerF1Margin, double oosAurocFloor, double maxIntentGap, double maxNerGap,
    double maxRobustnessAccuracyDrop, double maxRobustnessFalseOosRate) {
  /** 2 points. */
  public static final double DEFAULT_INTENT_ACCURACY_MARGIN = 0.02;
  /** 2 points. */
  public static final double DEFAULT_NER_F1_MARGIN = 0.02;
  /** AUROC floor. */
  public static final double DEFAULT_OOS_AUROC_FLOOR = 0.90;
  /** 3 points. */
  public static final double DEFAULT_MAX_INTENT_GAP = 0.03;
  /** 5 points. */
  public static final double DEFAULT_MAX_NER_GAP = 0.05;
  /** No bound on the robustness accuracy drop. */
  public static final double DEFAULT_MAX_ROBUSTNESS_ACCURACY_DROP = 1.0;
  /** No bound on the false out-of-scope rate under perturbation. */
  public static final double DEFAULT_MAX_ROBUSTNESS_FALSE_OOS_RATE = 1.0;

  public GateConfig {
    unit("intentAccuracyMargin", intentAccuracyMargin);
    unit("nerF1Margin", nerF1Margin);
    unit("oosAurocFloor", oosAurocFloor);
    unit("maxIntentGap", maxIntentGap);
    unit("maxNerGap", maxNerGap);
    unit("maxRobustnessAccuracyDrop", maxRobustnessAccuracyDrop);
    unit("maxRobustnessFalseOosRate", maxRobustnessFalseOosRate);
  }

  /** A config without robustness bounds. */
  public GateConfig(double intentAccuracyMargin, double nerF1Margin, double oosAurocFloor, double maxIntentGap, double maxNerGap) {
    this(intentAccuracyMargin, nerF1Margin, oosAurocFloor, maxIntentGap, maxNerGap, DEFAULT_MAX_ROBUSTNESS_ACCURACY_DROP,
        DEFAULT_MAX_ROBUSTNESS_FALSE_OOS_RATE);
  }

  /** The defaults. */
  public static GateConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private static void unit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new ConfigurationException(name + " must be in [0, 1] (absolute, 0.02 = 2 points), got " + v);
    }
  }

  /** Builder; values are validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private double intentAccuracyMargin = DEFAULT_INTENT_ACCURACY_MARGIN;
    private double nerF1Margin = DEFAULT_NER_F1_MARGIN;
    private double oosAurocFloor = DEFAULT_OOS_AUROC_FLOOR;
    private double maxIntentGap = DEFAULT_MAX_INTENT_GAP;
    private double maxNerGap = DEFAULT_MAX_NER_GAP;
    private double maxRobustnessAccuracyDrop = DEFAULT_MAX_ROBUSTNESS_ACCURACY_DROP;
    private double maxRobustnessFalseOosRate = DEFAULT_MAX_ROBUSTNESS_FALSE_OOS_RATE;

    private Builder() {}

    /** Allowed drop of intent accuracy. */
    public Builder intentAccuracyMargin(double v) {
      this.intentAccuracyMargin = v;
      return this;
    }

    /** Allowed drop of NER entity F1. */
    public Builder nerF1Margin(double v) {
      this.nerF1Margin = v;
      return this;
    }

    /** Minimum OOS AUROC. */
    public Builder oosAurocFloor(double v) {
      this.oosAurocFloor = v;
      return this;
    }

    /** Maximum intent train-validation accuracy gap. */
    public Builder maxIntentGap(double v) {
      this.maxIntentGap = v;
      return this;
    }

    /** Maximum NER train-validation F1 gap. */
    public Builder maxNerGap(double v) {
      this.maxNerGap = v;
      return this;
    }

    /** Maximum accuracy drop under any perturbation of the robustness section (absolute). */
    public Builder maxRobustnessAccuracyDrop(double v) {
      this.maxRobustnessAccuracyDrop = v;
      return this;
    }

    /** Maximum share of in-domain texts flagged out of scope under any perturbation. */
    public Builder maxRobustnessFalseOosRate(double v) {
      this.maxRobustnessFalseOosRate = v;
      return this;
    }

    /** The validated config. */
    public GateConfig build() {
      return new GateConfig(intentAccuracyMargin, nerF1Margin, oosAurocFloor, maxIntentGap, maxNerGap,
          maxRobustnessAccuracyDrop, maxRobustnessFalseOosRate);
    }
  }
}
