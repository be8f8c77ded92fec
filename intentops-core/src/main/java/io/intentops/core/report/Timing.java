package io.intentops.core.report;

/**
 * How long predicting one dataset took, measured with the harness's {@link io.intentops.core.Clock}.
 *
 * @param examples texts (or sentences) predicted
 * @param wallSeconds wall-clock seconds spent in the predictor, including batching overhead
 * @param examplesPerSecond throughput: examples / wallSeconds (0 when no time elapsed)
 * @param batchSize texts per {@code predictBatch} call
 */
public record Timing(int examples, double wallSeconds, double examplesPerSecond, int batchSize) {}
