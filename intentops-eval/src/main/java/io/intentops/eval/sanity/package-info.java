/**
 * Sanity checks for training pipelines: the randomised-label check (train on shuffled labels; the
 * model must then score at chance level, otherwise something leaks) —
 * {@link io.intentops.eval.sanity.RandomLabels} and {@link io.intentops.eval.sanity.ChanceLevel}.
 */
@NullMarked
package io.intentops.eval.sanity;

import org.jspecify.annotations.NullMarked;
