/**
 * Named-entity recognition on ONNX Runtime: {@link io.intentops.inference.ner.NerPredictor} serves
 * IntentOps NER bundles (base encoder plus fine-tuned weight deltas injected at session creation)
 * and Hugging Face ONNX token-classification exports, with BIO-constrained decoding, character
 * offsets into the original text and sliding windows for long inputs.
 */
@NullMarked
package io.intentops.inference.ner;

import org.jspecify.annotations.NullMarked;
