/**
 * IntentOps API types: predictions, entities, model versions, manifests, checksums, the exception
 * hierarchy, a {@link io.intentops.core.Clock} for time-based code and input limits.
 *
 * <p>Everything in this package is immutable and thread-safe unless a type says otherwise. Nothing
 * here depends on an inference engine, so the router, governance and evaluation modules can use these
 * types without pulling in ONNX Runtime or PyTorch.
 */
@NullMarked
package io.intentops.core;

import org.jspecify.annotations.NullMarked;
