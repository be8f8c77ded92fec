package io.intentops.inference.encoder.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession;
import io.intentops.core.Checksum;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions.Settings;
import io.intentops.inference.encoder.TokenBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Creates ONNX Runtime sessions with deliberately chosen options, optionally verifying the model's
 * SHA-256 first and injecting extra initializers (fine-tuned weights that replace or complete the
 * graph's own), and runs BERT-style sessions. The only place that turns
 * {@link Settings} into ORT options; ORT types stay out of the public packages (why:
 * applications must not compile against ONNX Runtime's API through ours). Stateless and thread-safe;
 * the sessions it returns are thread-safe for {@code run}.
 */
public final class OrtRuntime {

  private OrtRuntime() {}

  /** The process-wide ORT environment. */
  public static OrtEnvironment environment() {
    return EnvHolder.ENV;
  }

  /** Lazily initialises the environment once, on a large-stack thread (see {@code onLoaderThread}). */
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

  /**
   * Creates a session from model bytes the caller has already read (and, where it must, verified).
   * Why: the NER loader reads and hashes the encoder to merge its deltas; handing ORT those very bytes
   * avoids reading and hashing the 133 MB file a second time on every start.
   *
   * @param ref names the model in errors
   * @param initializers extra initializers by name; the caller keeps them open for the session's lifetime
   * @throws ModelLoadException when ORT rejects the bytes
   */
  public static OrtSession create(String ref, byte[] bytes, Settings settings,
      Map<String, ? extends OnnxTensorLike> initializers) {
    OrtEnvironment env = environment();
    try (SessionOptions opts = options(settings)) {
      for (Map.Entry<String, ? extends OnnxTensorLike> e : initializers.entrySet()) {
        opts.addInitializer(e.getKey(), e.getValue());
      }
      return onLoaderThread(() -> env.createSession(bytes, opts), ref);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + ref + ": " + e.getMessage(), e);
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

  /** Reads a run's float output while its buffer is valid. */
  @FunctionalInterface
  public interface FloatOutputMapper<T> {
    /**
     * Reads what it needs from {@code output} ({@code [batch, seqLen, width]} floats, position 0); the
     * buffer is reused by the thread's next run, so it must not be kept.
     */
    T map(FloatBuffer output, TokenBatch batch);
  }

  /**
   * Largest output, in floats, whose buffer a thread keeps for its next run (1 MB): enough for one
   * text of any length or a micro-batch of 16 short texts; bigger runs (a {@code predictBatch} chunk)
   * get a buffer of their own, whose allocation is small next to such a run, so that no request thread
   * pins more than about 1.2 MB (a thread serving single short texts keeps about 70 KB).
   */
  static final int MAX_REUSED_OUTPUT_FLOATS = 1 << 18;
  /** Largest input, in tokens, whose buffers a thread keeps (64 KB each). */
  static final int MAX_REUSED_INPUT_LONGS = 1 << 13;

  /**
   * One thread's native buffers, reused across its runs: input ids, attention mask, type ids, output.
   * A JDK array, not a class of ours, so that a pooled thread of an application server that outlives
   * a redeployed application does not keep its class loader reachable.
   */
  private static final ThreadLocal<java.nio.Buffer[]> SCRATCH = ThreadLocal.withInitial(() -> new java.nio.Buffer[4]);

  private static LongBuffer longs(@Nullable LongBuffer cached, int n) {
    if (cached != null && cached.capacity() >= n) {
      return cached.clear().limit(n);
    }
    int cap = n <= MAX_REUSED_INPUT_LONGS ? Math.max(256, Integer.highestOneBit(Math.max(1, n - 1)) << 1) : n;
    return ByteBuffer.allocateDirect(cap * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer().limit(n);
  }

  private static OnnxTensor inputTensor(LongBuffer buf, long[] data, long[] shape) {
    buf.put(data).flip();
    try {
      return OnnxTensor.createTensor(environment(), buf, shape);
    } catch (OrtException e) {
      throw new InferenceException("Cannot create input tensor: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a BERT-style {@code session} on {@code batch} and hands its float output {@code outputName}
   * ({@code [batch, seqLen, width]}) to {@code mapper}, like {@link #run} but without the per-run
   * allocations: the input tensors are views of this thread's reused direct buffers and the output is
   * written by ORT straight into a reused direct buffer (a pinned output), so nothing is copied out of
   * native memory and nothing is allocated per run for batches up to {@link #MAX_REUSED_OUTPUT_FLOATS}
   * floats. Why: these copies and allocations were part of the per-request cost over a bare
   * {@code OrtSession.run} (docs/performance.md).
   *
   * @throws InferenceException when ORT fails or the session was closed concurrently
   */
  public static <T> T runFloat(OrtSession session, TokenBatch batch, boolean withTypeIds, String outputName,
      int width, FloatOutputMapper<T> mapper) {
    int b = batch.batchSize();
    int t = batch.seqLen();
    long[] shape = {b, t};
    long outLen = (long) b * t * width;
    if (outLen > Integer.MAX_VALUE) {
      throw new InferenceException("Encoder output of " + b + "x" + t + "x" + width + " values is too large");
    }
    java.nio.Buffer[] sc = SCRATCH.get();
    int n = b * t;
    LongBuffer idsBuf = longs((LongBuffer) sc[0], n);
    LongBuffer maskBuf = longs((LongBuffer) sc[1], n);
    LongBuffer typesBuf = withTypeIds ? longs((LongBuffer) sc[2], n) : null;
    FloatBuffer outBuf;
    FloatBuffer cachedOut = (FloatBuffer) sc[3];
    if (cachedOut != null && cachedOut.capacity() >= outLen) {
      outBuf = cachedOut.clear().limit((int) outLen);
    } else {
      int cap = outLen <= MAX_REUSED_OUTPUT_FLOATS
          ? (int) Math.min(MAX_REUSED_OUTPUT_FLOATS, Math.max(1 << 14, Integer.highestOneBit((int) outLen - 1) << 1))
          : (int) outLen;
      outBuf = ByteBuffer.allocateDirect(cap * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer()
          .limit((int) outLen);
    }
    if (n <= MAX_REUSED_INPUT_LONGS) {
      sc[0] = idsBuf;
      sc[1] = maskBuf;
      if (typesBuf != null) {
        sc[2] = typesBuf;
      }
    }
    if (outBuf.capacity() <= MAX_REUSED_OUTPUT_FLOATS) {
      sc[3] = outBuf;
    }
    Map<String, OnnxTensorLike> inputs = new HashMap<>(4);
    OnnxTensor ids = null;
    OnnxTensor mask = null;
    OnnxTensor types = null;
    OnnxTensor out = null;
    try {
      ids = NativeHandles.track(inputTensor(idsBuf, batch.inputIds(), shape));
      mask = NativeHandles.track(inputTensor(maskBuf, batch.attentionMask(), shape));
      if (typesBuf != null) {
        types = NativeHandles.track(inputTensor(typesBuf, batch.typeIds(), shape));
      }
      inputs.put("input_ids", ids);
      inputs.put("attention_mask", mask);
      if (types != null) {
        inputs.put("token_type_ids", types);
      }
      out = NativeHandles.track(OnnxTensor.createTensor(environment(), outBuf, new long[] {b, t, width}));
      OrtSession.Result r = NativeHandles.track(session.run(inputs, Map.of(outputName, out)));
      NativeHandles.close(r); // the pinned output stays valid: its memory is ours
      return mapper.map(outBuf.duplicate().clear().limit((int) outLen), batch);
    } catch (OrtException e) {
      throw new InferenceException("ONNX Runtime failed: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new InferenceException("ONNX Runtime session is closed: " + e.getMessage(), e);
    } finally {
      NativeHandles.close(out);
      NativeHandles.close(types);
      NativeHandles.close(mask);
      NativeHandles.close(ids);
    }
  }

  /** Maps an ORT result to a value while the result is still open. */
  @FunctionalInterface
  public interface ResultMapper<T> {
    /** Reads what it needs from {@code result}; must not keep references to it. */
    T map(OrtSession.Result result, TokenBatch batch) throws OrtException;
  }

  /**
   * Runs a BERT-style {@code session} on {@code batch} ({@code input_ids}, {@code attention_mask} and,
   * when {@code withTypeIds}, {@code token_type_ids}) and maps the raw result; input tensors and the
   * result are closed before this returns.
   *
   * @throws InferenceException when ORT fails or the session was closed concurrently
   */
  public static <T> T run(OrtSession session, TokenBatch batch, boolean withTypeIds, ResultMapper<T> mapper) {
    long[] shape = {batch.batchSize(), batch.seqLen()};
    Map<String, OnnxTensorLike> inputs = new HashMap<>(4);
    OnnxTensor ids = null;
    OnnxTensor mask = null;
    OnnxTensor types = null;
    try {
      ids = NativeHandles.track(longTensor(batch.inputIds(), shape));
      mask = NativeHandles.track(longTensor(batch.attentionMask(), shape));
      if (withTypeIds) {
        types = NativeHandles.track(longTensor(batch.typeIds(), shape));
      }
      inputs.put("input_ids", ids);
      inputs.put("attention_mask", mask);
      if (types != null) {
        inputs.put("token_type_ids", types);
      }
      OrtSession.Result r = NativeHandles.track(session.run(inputs));
      try {
        return mapper.map(r, batch);
      } finally {
        NativeHandles.close(r);
      }
    } catch (OrtException e) {
      throw new InferenceException("ONNX Runtime failed: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // ORT's Java API throws this when the session was closed concurrently.
      throw new InferenceException("ONNX Runtime session is closed: " + e.getMessage(), e);
    } finally {
      NativeHandles.close(types);
      NativeHandles.close(mask);
      NativeHandles.close(ids);
    }
  }
}
