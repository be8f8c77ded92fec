/**
 * Drift monitoring for text models: compare the predicted-class distribution, the confidence
 * distribution and the OOS rate of recent predictions with a baseline
 * ({@link io.intentops.eval.drift.TextDrift}), and flag a model as degraded after N consecutive
 * breaching runs ({@link io.intentops.eval.drift.DriftJob}).
 */
@NullMarked
package io.intentops.eval.drift;

import org.jspecify.annotations.NullMarked;
