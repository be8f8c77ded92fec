/**
 * Drift on live traffic: a {@link io.intentops.capture.drift.DriftBaseline} stored with the bundle
 * (class distribution, confidence histogram, OOS rate; produced from eval predictions) and a
 * {@link io.intentops.capture.drift.LiveDriftMonitor} that consumes captured predictions in windows,
 * tests each window against the baseline with sample-size-aware tests (chi-square for the class mix,
 * KS for confidences, a two-proportion z-test for the OOS rate, each gated by an effect size), and
 * reports DEGRADED after N consecutive breaching windows to its listeners.
 */
@NullMarked
package io.intentops.capture.drift;

import org.jspecify.annotations.NullMarked;
