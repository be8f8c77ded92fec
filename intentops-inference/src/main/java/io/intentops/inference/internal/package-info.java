/**
 * Implementation of the intent predictor: bundle loading, the linear head, calibration, out-of-scope
 * scoring, micro-batching and caching. Not a public API: types here may change without notice.
 */
@NullMarked
package io.intentops.inference.internal;

import org.jspecify.annotations.NullMarked;
