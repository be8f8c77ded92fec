/**
 * The intent head and out-of-scope scoring, one implementation for training and serving:
 * {@link io.intentops.inference.head.IntentHead} (standardisation, linear layer, temperature softmax)
 * and {@link io.intentops.inference.head.OosScorer} (energy, kNN cosine, max-softmax, Mahalanobis). Weights come
 * from a bundle's {@link io.intentops.inference.bundle.IntentHeadWeights}.
 *
 * <p>All types here are immutable and thread-safe.
 */
@NullMarked
package io.intentops.inference.head;

import org.jspecify.annotations.NullMarked;
