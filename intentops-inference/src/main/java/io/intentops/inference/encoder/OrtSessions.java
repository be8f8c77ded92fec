package io.intentops.inference.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Creates ONNX Runtime sessions with deliberately chosen options, optionally verifying the model's
 * SHA-256 first and injecting extra initializers (fine-tuned weights that replace or complete the
 * graph's own). Stateless and thread-safe; the sessions it returns are thread-safe for {@code run}.
 */
public final class OrtSessions {

  private OrtSessions() {}

  /**
   * Session options.
   *
   * @param intraOpThreads threads used inside one operator (matrix multiplications); 0 lets ORT pick
   * @param interOpThreads threads across independent operators; 1 because BERT graphs are sequential
   * @param cpuArena whether to use ORT's CPU arena allocator (reuses activation memory across runs)
   * @param memoryPattern whether to pre-plan allocations for repeated shapes
   * @param optLevel graph optimisation level
   */
  public record Settings(int intraOpThreads, int interOpThreads, boolean cpuArena, boolean memoryPattern,
      OptLevel optLevel) {
    /** Default intra-op threads: the available processors, capped at 4 (more rarely helps small encoders). */
    public static final int DEFAULT_INTRA_OP_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    public Settings {
      if (intraOpThreads < 0 || interOpThreads < 0) {
        throw new ConfigurationException("Thread counts must be >= 0, got intraOp=" + intraOpThreads
            + ", interOp=" + interOpThreads);
      }
      java.util.Objects.requireNonNull(optLevel, "optLevel");
    }

    /** {@link #DEFAULT_INTRA_OP_THREADS} intra-op threads, 1 inter-op thread, arena on, all graph optimisations. */
    public static Settings defaults() {
      return new Settings(DEFAULT_INTRA_OP_THREADS, 1, true, true, OptLevel.ALL_OPT);
    }

    /** A copy with {@code n} intra-op threads. */
    public Settings withIntraOpThreads(int n) {
      return new Settings(n, interOpThreads, cpuArena, memoryPattern, optLevel);
    }
  }

  /** The process-wide ORT environment. */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Creates a session for {@code model}.
   *
   * @param expectedSha256 when non-null, the model bytes must have this digest or nothing is loaded
   * @param initializers extra initializers by name; the caller keeps them open for the session's lifetime
   * @throws ModelIntegrityException on a digest mismatch
   * @throws ModelLoadException when the model is missing or ORT rejects it
   */
  public static OrtSession create(ModelResource model, @Nullable Checksum expectedSha256, Settings settings,
      Map<String, ? extends OnnxTensorLike> initializers) {
    OrtEnvironment env = environment();
    try (SessionOptions opts = options(settings)) {
      for (Map.Entry<String, ? extends OnnxTensorLike> e : initializers.entrySet()) {
        opts.addInitializer(e.getKey(), e.getValue());
      }
      if (model.path().isPresent()) {
        if (expectedSha256 != null) {
          verify(model, expectedSha256, model.sha256());
        }
        return env.createSession(model.path().get().toString(), opts);
      }
      // Classpath: read once, hash the very bytes we hand to ORT.
      byte[] bytes = model.readAllBytes();
      if (expectedSha256 != null) {
        verify(model, expectedSha256, Checksum.sha256(bytes));
      }
      return env.createSession(bytes, opts);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + model.ref() + ": " + e.getMessage(), e);
    }
  }

  private static void verify(ModelResource model, Checksum expected, Checksum actual) {
    if (!expected.matches(actual)) {
      throw ModelIntegrityException.digestMismatch(model.ref(), expected, actual);
    }
  }

  /** Builds the session options for {@code s}; the caller closes them. */
  public static SessionOptions options(Settings s) throws OrtException {
    SessionOptions o = new SessionOptions();
    try {
      o.setOptimizationLevel(s.optLevel());
      o.setExecutionMode(ExecutionMode.SEQUENTIAL);
      o.setIntraOpNumThreads(s.intraOpThreads());
      o.setInterOpNumThreads(s.interOpThreads());
      o.setCPUArenaAllocator(s.cpuArena());
      o.setMemoryPatternOptimization(s.memoryPattern());
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }

  /**
   * An int64 tensor over a direct buffer: ORT uses direct native-order buffers in place, so the data
   * is copied once (Java array to native memory) instead of twice.
   */
  public static OnnxTensor longTensor(long[] data, long[] shape) {
    LongBuffer buf = ByteBuffer.allocateDirect(data.length * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    buf.put(data).rewind();
    try {
      return OnnxTensor.createTensor(environment(), buf, shape);
    } catch (OrtException e) {
      throw new InferenceException("Cannot create input tensor: " + e.getMessage(), e);
    }
  }

  /** A float32 tensor over a direct buffer (see {@link #longTensor}). */
  public static OnnxTensor floatTensor(float[] data, long[] shape) {
    FloatBuffer buf = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    buf.put(data).rewind();
    try {
      return OnnxTensor.createTensor(environment(), buf, shape);
    } catch (OrtException e) {
      throw new InferenceException("Cannot create tensor: " + e.getMessage(), e);
    }
  }
}
