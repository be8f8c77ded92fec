/**
 * Named-entity recognition on ONNX Runtime: the {@link io.intentops.inference.ner.NerPredictor}
 * interface and its validated {@link io.intentops.inference.ner.NerPredictor.Builder builder} serve
 * IntentOps NER bundles (base encoder plus fine-tuned weight deltas injected at session creation)
 * and Hugging Face ONNX token-classification exports, with BIO-constrained decoding, character
 * offsets into the original text and sliding windows for long inputs. The implementation lives in
 * {@code io.intentops.inference.ner.internal}; what training shares with it is in
 * {@link io.intentops.inference.spi}.
 */
@NullMarked
package io.intentops.inference.ner;

import org.jspecify.annotations.NullMarked;
