package io.intentops.core.report;

/**
 * A point estimate with a percentile-bootstrap confidence interval. Immutable and thread-safe.
 *
 * @param estimate the statistic on the full sample
 * @param lower lower bound of the interval
 * @param upper upper bound of the interval
 * @param level confidence level, e.g. 0.95
 * @param resamples number of bootstrap resamples (0 when the interval is degenerate)
 * @param seed random seed of the resampling
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, int resamples, long seed) {}
