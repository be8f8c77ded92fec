package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import io.intentops.benchmarks.peers.PeerModels;
import io.intentops.benchmarks.peers.RawNer;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Our single-request overhead over bare ONNX Runtime, measured <em>interleaved</em>: each invocation
 * runs one request on the raw floor and one on our predictor, in alternating order, in the same JVM,
 * and adds each one's wall time and process CPU time to its own counter. Why: on this shared machine
 * the speed of a core drifts by 10-20 % within minutes, so two benchmarks run one after the other
 * (PeerBenchmark's {@code raw1} and {@code ours1}, or two forks) compare two different machines;
 * requests of both kinds interleaved a few milliseconds apart see the same one, and the ratio of the
 * sums cancels the drift.
 *
 * <p>{@code task} selects the pair, all at {@link OrtSessions.Settings#DEFAULT_INTRA_OP_THREADS}
 * intra-op threads with the library's default session options on both sides:
 *
 * <ul>
 *   <li>{@code fp32}: {@code OrtSession.run} of the FP32 bge-small-en-v1.5 encoder on pre-tokenised
 *       tensors vs {@link ReferenceModels#banking77Intent()} (tokenise, encoder, pooling, head,
 *       calibration, top-5, kNN out-of-scope score), {@link PeerModels#TEXTS} cycled;
 *   <li>{@code int8}: the same on the INT8 export and the INT8 bundle;
 *   <li>{@code ner}: the NER bundle's graph ({@link RawNer}) on the pre-tokenised tweet vs
 *       {@link NerPredictor#predict} (word split, word pieces, windows, encoder, token head, Viterbi,
 *       offsets), {@link NerPredictorBenchmark#TWEET}.
 * </ul>
 *
 * <p>The counters ({@link Times}) are sums over the iteration; JMH sums them over iterations and forks,
 * so {@code oursNanos / rawNanos} is the pooled latency ratio and {@code oursCpuNanos / rawCpuNanos}
 * the CPU ratio (process CPU time, all threads, read before and after each request). The report takes
 * per-iteration ratios from the raw data for the spread. The primary score is the time of one pair.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xss4m", "-Xmx3g"})
@State(Scope.Thread)
public class InterleavedOverheadBenchmark {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;

  /** Which floor and predictor are paired. */
  @Param({"fp32", "int8", "ner"})
  public String task;

  /** One request of one side; {@code i} counts invocations. */
  interface Side {
    Object run(int i) throws OrtException;
  }

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<OnnxTensor> tensors = new ArrayList<>();
  private Side raw;
  private Side ours;
  private int i;
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Per-iteration sums, in nanoseconds; read by JMH as secondary results. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Times {
    /** Wall time of the raw requests. */
    public long rawNanos;
    /** Wall time of our requests. */
    public long oursNanos;
    /** Process CPU time during the raw requests. */
    public long rawCpuNanos;
    /** Process CPU time during our requests. */
    public long oursCpuNanos;
    /** Pairs run. */
    public long pairs;

    @Setup(Level.Iteration)
    public void reset() {
      rawNanos = 0;
      oursNanos = 0;
      rawCpuNanos = 0;
      oursCpuNanos = 0;
      pairs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (task) {
      case "fp32" -> intent(PeerModels.ENCODER_RESOURCE, ReferenceModels.BANKING77_INTENT,
          ReferenceModels.banking77IntentBuilder());
      case "int8" -> intent(Int8Benchmark.INT8_ENCODER, ReferenceModels.BANKING77_INTENT_INT8,
          ReferenceModels.banking77IntentInt8Builder());
      case "ner" -> ner();
      default -> throw new IllegalArgumentException("Unknown task " + task);
    }
  }

  private void intent(String encoder, String bundle, IntentPredictor.Builder builder) {
    OrtSession session = RawOrt.session(ModelResource.classpath(encoder), THREADS);
    open.add(session);
    List<Map<String, OnnxTensorLike>> inputs = RawOrt.textInputs(session,
        ModelResource.classpath(bundle).resolve("tokenizer.json"), PeerModels.MAX_TOKENS, PeerModels.TEXTS, tensors);
    IntentPredictor predictor = builder.intraOpThreads(THREADS).build();
    open.add(predictor);
    int n = PeerModels.TEXTS.size();
    raw = k -> {
      try (OrtSession.Result r = session.run(inputs.get(k % n))) {
        return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
    };
    ours = k -> predictor.predict(PeerModels.TEXTS.get(k % n));
  }

  private void ner() {
    RawNer rawNer = RawNer.load(ModelResource.classpath(ReferenceModels.WNUT17_NER), THREADS);
    open.add(rawNer);
    Map<String, OnnxTensorLike> inputs = rawNer.windowInputs(NerPredictorBenchmark.TWEET, tensors);
    NerPredictor predictor = ReferenceModels.wnut17NerBuilder().intraOpThreads(THREADS).build();
    open.add(predictor);
    raw = k -> {
      try (OrtSession.Result r = rawNer.session().run(inputs)) {
        return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
    };
    ours = k -> predictor.predict(NerPredictorBenchmark.TWEET);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    tensors.forEach(OnnxTensor::close);
    for (int k = open.size() - 1; k >= 0; k--) {
      open.get(k).close();
    }
  }

  /** One raw request and one of ours, the order alternating between invocations. */
  @Benchmark
  @Threads(1)
  public Object pair(Times t) throws OrtException {
    int k = i++;
    Object a;
    Object b;
    if ((k & 1) == 0) {
      a = timed(raw, k, t, true);
      b = timed(ours, k, t, false);
    } else {
      b = timed(ours, k, t, false);
      a = timed(raw, k, t, true);
    }
    t.pairs++;
    return a == b ? a : b;
  }

  private Object timed(Side side, int k, Times t, boolean isRaw) throws OrtException {
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Object out = side.run(k);
    long t1 = System.nanoTime();
    long c1 = os.getProcessCpuTime();
    if (isRaw) {
      t.rawNanos += t1 - t0;
      t.rawCpuNanos += c1 - c0;
    } else {
      t.oursNanos += t1 - t0;
      t.oursCpuNanos += c1 - c0;
    }
    return out;
  }
}
