/**
 * Faithfulness of word attributions: {@link io.intentops.eval.explain.Faithfulness} measures ERASER
 * comprehensiveness and sufficiency of an {@link io.intentops.eval.explain.Attributor}'s word scores
 * against a seeded random attribution, through a plain {@code Predictor<String, IntentPrediction>}, and
 * produces the {@code explanations} section of {@code eval.json}. Works on core types only: an
 * application adapts its explainer (e.g. {@code IntentPredictor.explain}) to {@code Attributor}.
 */
@NullMarked
package io.intentops.eval.explain;

import org.jspecify.annotations.NullMarked;
