/**
 * Token-classification (NER) fine-tuning of a BERT encoder in Java: data preparation (first
 * word piece labelled), an AdamW training loop with warm-up, linear decay, gradient clipping and
 * early stopping on dev entity F1, and export of a compact bundle (int8 weight deltas against the
 * base ONNX encoder) that {@code io.intentops.inference.ner.NerPredictor} serves through ONNX
 * Runtime. Entry point: {@link io.intentops.train.ner.NerTrainer} (progress through
 * {@link io.intentops.train.ner.NerTrainer.Listener}); the {@code intentops train-ner} command of
 * {@code intentops-cli} calls it.
 */
@NullMarked
package io.intentops.train.ner;

import org.jspecify.annotations.NullMarked;
