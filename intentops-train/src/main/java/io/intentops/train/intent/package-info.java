/**
 * Training of intent bundles: embed labelled texts with a frozen encoder, fit a standardised softmax
 * regression head (DJL + PyTorch, full batch, deterministic), calibrate a temperature, pick an
 * out-of-scope threshold and write a verified bundle. {@link io.intentops.train.intent.IntentTrainer}
 * is the API; the {@code intentops train-intent} command of {@code intentops-cli} calls it.
 */
@NullMarked
package io.intentops.train.intent;

import org.jspecify.annotations.NullMarked;
