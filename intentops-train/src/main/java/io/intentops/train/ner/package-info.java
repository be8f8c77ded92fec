/**
 * Token-classification (NER) fine-tuning of a BERT encoder in Java: data preparation (first
 * word piece labelled), an AdamW training loop with warm-up, linear decay, gradient clipping and
 * early stopping on dev entity F1, and export of a compact bundle (int8 weight deltas against the
 * base ONNX encoder) that {@code io.intentops.inference.ner.NerPredictor} serves through ONNX
 * Runtime. Entry points: {@link io.intentops.train.ner.NerTrainer} and the {@code train-ner} CLI
 * ({@link io.intentops.train.ner.TrainNerCommand}).
 */
@NullMarked
package io.intentops.train.ner;

import org.jspecify.annotations.NullMarked;
