/**
 * In-process intent classification with out-of-scope detection: {@link io.intentops.inference.IntentPredictor}.
 * Building blocks shared with other heads live in {@code io.intentops.inference.encoder} and
 * {@code io.intentops.inference.bundle}.
 */
@NullMarked
package io.intentops.inference;

import org.jspecify.annotations.NullMarked;
