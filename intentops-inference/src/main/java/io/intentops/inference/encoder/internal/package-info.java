/**
 * Implementation of the encoder building blocks shared by every predictor of this module: ONNX Runtime
 * session creation and runs ({@code OrtRuntime}), native-handle accounting ({@code NativeHandles}) and
 * DJL telemetry opt-out. Not a public API: types here may change without notice, and other modules
 * must not use them (enforced by intentops-architecture).
 */
@NullMarked
package io.intentops.inference.encoder.internal;

import org.jspecify.annotations.NullMarked;
