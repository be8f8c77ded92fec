package io.intentops.router;

/** A business outcome of one answered request, recorded for A/B tests. */
public enum Outcome {
  THUMBS_UP(Metric.THUMBS, true),
  THUMBS_DOWN(Metric.THUMBS, false),
  TASK_SUCCESS(Metric.TASK_SUCCESS, true),
  TASK_FAILURE(Metric.TASK_SUCCESS, false);

  /** The proportion an A/B test compares. */
  public enum Metric {
    /** thumbs up / (thumbs up + thumbs down) */
    THUMBS,
    /** task successes / (successes + failures) */
    TASK_SUCCESS
  }

  private final Metric metric;
  private final boolean positive;

  Outcome(Metric metric, boolean positive) {
    this.metric = metric;
    this.positive = positive;
  }

  public Metric metric() {
    return metric;
  }

  public boolean positive() {
    return positive;
  }
}
