package io.intentops.benchmarks.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Bare ONNX Runtime for the benchmarks' floor ({@code raw}): a session with the options the library
 * uses for {@link OrtSessions.Settings#defaults()} (sequential execution, 1 inter-op thread, arena and
 * memory pattern on, all graph optimisations, workers spin only during a run) and the given intra-op threads, created directly through
 * ORT's API because the library keeps its session factory internal. Stateless and thread-safe.
 */
public final class RawOrt {
  private RawOrt() {}

  /**
   * The process-wide ORT environment, started on a 64 MB-stack thread: ORT 1.29's native start-up
   * overflows the default 1 MB thread stack on this project's Linux hosts (see the library's session
   * factory, which does the same).
   */
  public static OrtEnvironment environment() {
    return onLargeStack(OrtEnvironment::getEnvironment, "ONNX Runtime environment");
  }

  /** A session over {@code model} with the library's default options and {@code intraOpThreads}. */
  public static OrtSession session(ModelResource model, int intraOpThreads) {
    return session(model.readAllBytes(), model.ref(), OrtSessions.Settings.defaults().withIntraOpThreads(intraOpThreads),
        Map.of());
  }

  /** A session over {@code model} with the options {@code s} stands for. */
  public static OrtSession session(ModelResource model, OrtSessions.Settings s) {
    return session(model.readAllBytes(), model.ref(), s, Map.of());
  }

  /**
   * A session over the model {@code bytes} with the library's default options, {@code intraOpThreads}
   * and extra {@code initializers} (ONNX initializer name to value, as the NER bundle's injected weights;
   * the caller keeps them open for the session's lifetime).
   */
  public static OrtSession session(byte[] bytes, String ref, int intraOpThreads,
      Map<String, ? extends OnnxTensorLike> initializers) {
    return session(bytes, ref, OrtSessions.Settings.defaults().withIntraOpThreads(intraOpThreads), initializers);
  }

  /** A session over the model {@code bytes} with the options {@code s} and extra {@code initializers}. */
  public static OrtSession session(byte[] bytes, String ref, OrtSessions.Settings s,
      Map<String, ? extends OnnxTensorLike> initializers) {
    OrtEnvironment env = environment();
    return onLargeStack(() -> {
      try (SessionOptions o = new SessionOptions()) {
        o.setOptimizationLevel(switch (s.optimization()) {
          case DISABLED -> OptLevel.NO_OPT;
          case BASIC -> OptLevel.BASIC_OPT;
          case EXTENDED -> OptLevel.EXTENDED_OPT;
          case ALL -> OptLevel.ALL_OPT;
        });
        o.setExecutionMode(ExecutionMode.SEQUENTIAL);
        o.setIntraOpNumThreads(s.intraOpThreads());
        o.setInterOpNumThreads(s.interOpThreads());
        o.setCPUArenaAllocator(s.cpuArena());
        o.setMemoryPatternOptimization(s.memoryPattern());
        switch (s.spinning()) {
          case DURING_RUN -> o.addConfigEntry("session.force_spinning_stop", "1");
          case NEVER -> o.addConfigEntry("session.intra_op.allow_spinning", "0");
          case ALWAYS -> { }
        }
        for (Map.Entry<String, ? extends OnnxTensorLike> e : initializers.entrySet()) {
          o.addInitializer(e.getKey(), e.getValue());
        }
        return env.createSession(bytes, o);
      }
    }, ref);
  }

  /**
   * The BERT inputs of {@code b} for {@code session} ({@code input_ids}, {@code attention_mask} and, when
   * the graph declares it, {@code token_type_ids}) as tensors added to {@code owned}, which the caller closes.
   */
  public static java.util.Map<String, ai.onnxruntime.OnnxTensorLike> bertInputs(OrtSession session,
      io.intentops.inference.encoder.TokenBatch b, java.util.List<OnnxTensor> owned) {
    long[] shape = {b.batchSize(), b.seqLen()};
    java.util.Map<String, ai.onnxruntime.OnnxTensorLike> in = new java.util.HashMap<>();
    in.put("input_ids", add(owned, longTensor(b.inputIds(), shape)));
    in.put("attention_mask", add(owned, longTensor(b.attentionMask(), shape)));
    if (session.getInputNames().contains("token_type_ids")) {
      in.put("token_type_ids", add(owned, longTensor(b.typeIds(), shape)));
    }
    return in;
  }

  /**
   * The BERT inputs of every text of {@code texts}, each tokenised alone with the {@code tokenizer.json}
   * at {@code tokenizer} (truncated at {@code maxTokens}), as tensors added to {@code owned}.
   */
  public static java.util.List<java.util.Map<String, ai.onnxruntime.OnnxTensorLike>> textInputs(OrtSession session,
      ModelResource tokenizer, int maxTokens, java.util.List<String> texts, java.util.List<OnnxTensor> owned) {
    java.util.List<java.util.Map<String, ai.onnxruntime.OnnxTensorLike>> out = new java.util.ArrayList<>();
    try (io.intentops.inference.encoder.TextTokenizer tok = io.intentops.inference.encoder.TextTokenizer.load(tokenizer, maxTokens)) {
      for (String t : texts) {
        out.add(bertInputs(session, tok.encodeBatch(java.util.List.of(t)), owned));
      }
    }
    return out;
  }

  /** Adds {@code t} to {@code owned} and returns it. */
  static OnnxTensor add(java.util.List<OnnxTensor> owned, OnnxTensor t) {
    owned.add(t);
    return t;
  }

  /** An int64 tensor over a direct native-order buffer (ORT uses it in place, as the library does). */
  public static OnnxTensor longTensor(long[] data, long[] shape) {
    LongBuffer buf = ByteBuffer.allocateDirect(data.length * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    buf.put(data).rewind();
    try {
      return OnnxTensor.createTensor(environment(), buf, shape);
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot create input tensor: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T onLargeStack(Callable<T> work, String what) {
    Object[] out = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        out[0] = work.call();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "raw-ort-start", 64L << 20);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading " + what, e);
    }
    if (failure[0] != null) {
      throw new IllegalStateException("ONNX Runtime cannot load " + what + ": " + failure[0], failure[0]);
    }
    return (T) out[0];
  }
}
