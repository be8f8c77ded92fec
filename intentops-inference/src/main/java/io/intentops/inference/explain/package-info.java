/**
 * Word-level explanations of intent predictions: which words of the caller's text raised the predicted
 * intent's probability and which made the text look out of scope.
 * {@link io.intentops.inference.IntentPredictor#explain(String, ExplainConfig)} returns an
 * {@link io.intentops.inference.explain.Explanation} of {@link io.intentops.inference.explain.WordAttribution}s
 * with UTF-16 character offsets into the original string. Attributions are model-agnostic
 * (leave-one-word-out occlusion, or a seeded sampled-Shapley estimate) and every perturbed text of one
 * explanation is scored in one batched ONNX Runtime run per encoder. Words are the spans
 * {@link io.intentops.inference.explain.Words#split(String)} finds; the tokenizer's word pieces are merged
 * into them by character offset. For NER,
 * {@link io.intentops.inference.ner.NerPredictor#explain(String, ExplainConfig)} returns a
 * {@link io.intentops.inference.explain.NerExplanation}: per entity, how much each context word supports
 * its type ({@link io.intentops.inference.explain.WordSupport}).
 *
 * <p>All types here are immutable and thread-safe.
 */
@NullMarked
package io.intentops.inference.explain;

import org.jspecify.annotations.NullMarked;
