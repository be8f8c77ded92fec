/**
 * {@code intentops train-intent}, {@code train-ner} and {@code score-ner}: command lines over the trainers
 * of {@code intentops-train} ({@link io.intentops.train.intent.IntentTrainer},
 * {@link io.intentops.train.ner.NerTrainer}).
 */
@NullMarked
package io.intentops.cli.train;

import org.jspecify.annotations.NullMarked;
