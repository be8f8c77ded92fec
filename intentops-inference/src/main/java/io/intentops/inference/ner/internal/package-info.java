/**
 * Implementation of {@link io.intentops.inference.ner.NerPredictor}, split by concern: loading
 * ({@code NerPredictors}: manifest, {@code config.json}, digests; {@code NerWeights}: fine-tuned weight
 * injection into the base encoder), windowing ({@code Windowing}: whitespace words, word-piece windows
 * for long texts, which window scores which piece), scoring ({@code TokenScorer}: ONNX Runtime plus the
 * token head) and decoding ({@code NerDecoding}: piece-to-word probabilities, BIO decoding, character
 * offsets). Not a public API: types here may change without notice, and no code outside
 * {@code intentops-inference} may import them (shared pieces are in {@link io.intentops.inference.spi}).
 */
@NullMarked
package io.intentops.inference.ner.internal;

import org.jspecify.annotations.NullMarked;
