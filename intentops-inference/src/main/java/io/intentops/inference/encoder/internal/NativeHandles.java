package io.intentops.inference.encoder.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts the native ONNX Runtime objects this library creates and has not closed yet: input and
 * initializer {@link OnnxTensor}s and {@link OrtSession.Result}s. Every creation site in
 * intentops-inference wraps the new object with {@code track} and releases it with {@code close},
 * so once every predictor is closed both counts are zero; a non-zero count after that is a leak
 * (the reliability soak test asserts this). Tensors and results that ORT creates inside a result
 * (its outputs) are owned and freed by the result and are not counted separately.
 *
 * <p>Why a {@link LongAdder}: the counters sit on the prediction hot path of concurrent callers;
 * striped adders keep them from becoming a shared cache line (a few nanoseconds per call next to an
 * encoder run of milliseconds). Thread-safe. Internal: not a public API.
 */
public final class NativeHandles {
  private static final LongAdder TENSORS = new LongAdder();
  private static final LongAdder RESULTS = new LongAdder();

  private NativeHandles() {}

  /** Counts {@code t} as open and returns it. */
  public static OnnxTensor track(OnnxTensor t) {
    TENSORS.increment();
    return t;
  }

  /** Counts {@code r} as open and returns it. */
  public static OrtSession.Result track(OrtSession.Result r) {
    RESULTS.increment();
    return r;
  }

  /** Closes a tracked tensor; null and already closed tensors are ignored (closing twice counts once). */
  public static void close(@Nullable OnnxTensor t) {
    if (t != null && !t.isClosed()) {
      try {
        t.close();
      } finally {
        TENSORS.decrement();
      }
    }
  }

  /** Closes a tracked result (null is ignored); call exactly once per {@link #track(OrtSession.Result)}. */
  public static void close(OrtSession.@Nullable Result r) {
    if (r != null) {
      try {
        r.close();
      } finally {
        RESULTS.decrement();
      }
    }
  }

  /** Tracked tensors not closed yet (inputs in flight plus initializers of open NER predictors). */
  public static long openTensors() {
    return TENSORS.sum();
  }

  /** Tracked results not closed yet (runs in flight). */
  public static long openResults() {
    return RESULTS.sum();
  }
}
