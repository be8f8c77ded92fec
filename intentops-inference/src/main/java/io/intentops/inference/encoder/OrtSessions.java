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
    return EnvHolder.ENV;
  }

  /** Lazily initialises the environment once, on a large-stack thread (see {@link #onLoaderThread}). */
  private static final class EnvHolder {
    static final OrtEnvironment ENV = init();

    private static OrtEnvironment init() {
      try {
        return onLoaderThread(OrtEnvironment::getEnvironment, "ONNX Runtime environment");
      } catch (OrtException e) {
        throw new ModelLoadException("Cannot start ONNX Runtime: " + e.getMessage(), e);
      }
    }
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
        String path = model.path().get().toString();
        return onLoaderThread(() -> env.createSession(path, opts), model.ref());
      }
      // Classpath: read once, hash the very bytes we hand to ORT.
      byte[] bytes = model.readAllBytes();
      if (expectedSha256 != null) {
        verify(model, expectedSha256, Checksum.sha256(bytes));
      }
      return onLoaderThread(() -> env.createSession(bytes, opts), model.ref());
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + model.ref() + ": " + e.getMessage(), e);
    }
  }

  /** Stack size of the thread that creates sessions. */
  static final long LOADER_STACK_BYTES = 64L << 20;

  private interface Loader<T> {
    T load() throws OrtException;
  }

  /**
   * Runs ORT's native initialisation and session creation on a short-lived thread with a 64 MB stack.
   * Why: on this project's Linux hosts ORT 1.29's native start-up overflowed the JVM's default 1 MB
   * thread stack and killed the process with SIGSEGV (no hs_err file) unless the JVM ran with
   * {@code -Xss2m} or more; callers should not need JVM flags.
   */
  @SuppressWarnings("unchecked")
  private static <T> T onLoaderThread(Loader<T> loader, String what) throws OrtException {
    Object[] out = new Object[1];
    Throwable[] err = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        out[0] = loader.load();
      } catch (Throwable e) {
        err[0] = e;
      }
    }, "intentops-ort-load", LOADER_STACK_BYTES);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish loading so the native session is not leaked; restore the flag below
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (err[0] instanceof OrtException oe) {
      throw oe;
    }
    if (err[0] instanceof RuntimeException re) {
      throw re;
    }
    if (err[0] != null) {
      throw new ModelLoadException("ONNX Runtime cannot load " + what + ": " + err[0], err[0]);
    }
    return (T) out[0];
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
