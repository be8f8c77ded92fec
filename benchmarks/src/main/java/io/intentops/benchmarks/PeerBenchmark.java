package io.intentops.benchmarks;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import io.intentops.benchmarks.peers.PeerModels;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.benchmarks.peers.ReferenceHead;
import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * One intent prediction per call on the same FP32 bge-small-en-v1.5 encoder, the same tokenizer, the
 * same inputs ({@link PeerModels#TEXTS}, cycled per thread) and the same head (the reference bundle's
 * standardise + linear + softmax), by:
 *
 * <ul>
 *   <li>{@code raw}: {@code OrtSession.run} on pre-tokenised tensors, no head: the floor, with the
 *       library's session options; {@code rawOrtSpinning} the same with ORT's own spinning default;
 *   <li>{@code ours}: {@link IntentPredictor} from the reference bundle (also computes top-5 and the
 *       kNN out-of-scope score, which the peers skip); with 16 callers, micro-batching (16, 2 ms), and
 *       {@code oursLanes}: one intra-op thread and one micro-batch lane per core;
 *   <li>{@code djl}: DJL {@code Predictor} with {@code TextEmbeddingTranslatorFactory} on DJL's
 *       OnnxRuntime engine (mean pooling, not normalised: the bundle's embedding), one
 *       {@code Predictor} per thread as DJL requires;
 *   <li>{@code lc4j}: langchain4j's {@code BgeSmallEnV15EmbeddingModel}, one instance shared by all
 *       threads as its docs allow. It pools the CLS token and L2-normalises, which is not the embedding
 *       the head was trained on; the speed is comparable, the labels agree less (see
 *       {@code PeerAgreement}).
 * </ul>
 *
 * <p>ONNX Runtime intra-op threads: {@link OrtSessions.Settings#DEFAULT_INTRA_OP_THREADS} for raw, ours
 * and DJL; langchain4j uses ORT's default (its session options are not configurable).
 * {@code *1} methods run on 1 thread, {@code *16} methods on 16 concurrent callers.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-Xmx3g"})
public class PeerBenchmark {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;

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

  /** The encoder session and every text's tensors, tokenised once. */
  @State(Scope.Benchmark)
  public static class Raw {
    OrtSession session;
    final List<Map<String, OnnxTensorLike>> inputs = new ArrayList<>();
    private final List<OnnxTensor> tensors = new ArrayList<>();

    /** The session options: the library's defaults. */
    OrtSessions.Settings settings() {
      return OrtSessions.Settings.defaults().withIntraOpThreads(THREADS);
    }

    @Setup(Level.Trial)
    public void setUp() {
      session = RawOrt.session(ModelResource.classpath(PeerModels.ENCODER_RESOURCE), settings());
      inputs.addAll(RawOrt.textInputs(session, ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"),
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

  /**
   * The batched floor: all {@link PeerModels#TEXTS} (16) padded into one encoder run, pre-tokenised,
   * no head; what any 16-caller design that batches the same texts can at best reach on this machine.
   */
  @State(Scope.Benchmark)
  public static class RawBatch {
    OrtSession session;
    Map<String, OnnxTensorLike> input;
    private final List<OnnxTensor> tensors = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      session = RawOrt.session(ModelResource.classpath(PeerModels.ENCODER_RESOURCE),
          OrtSessions.Settings.defaults().withIntraOpThreads(THREADS));
      try (io.intentops.inference.encoder.TextTokenizer tok = io.intentops.inference.encoder.TextTokenizer.load(
          ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"), PeerModels.MAX_TOKENS)) {
        input = RawOrt.bertInputs(session, tok.encodeBatch(PeerModels.TEXTS), tensors);
      }
    }

    float run() throws OrtException {
      try (OrtSession.Result r = session.run(input)) {
        return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      tensors.forEach(OnnxTensor::close);
      session.close();
    }
  }

  /**
   * The floor with ONNX Runtime's own spinning default ({@link OrtSessions.Spinning#ALWAYS}: workers keep
   * spinning after a run), which the library's default ({@code DURING_RUN}) replaces.
   */
  @State(Scope.Benchmark)
  public static class RawOrtSpinning extends Raw {
    @Override
    OrtSessions.Settings settings() {
      return super.settings().withSpinning(OrtSessions.Spinning.ALWAYS);
    }
  }

  /** Our predictor without micro-batching. */
  @State(Scope.Benchmark)
  public static class Ours {
    IntentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
      predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(THREADS).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /**
   * Our predictor configured for concurrent load: one intra-op thread and one micro-batch lane per core
   * (up to 16 texts in all, 2 ms wait), shared by all callers.
   */
  @State(Scope.Benchmark)
  public static class OursLanes {
    IntentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
      int cores = Runtime.getRuntime().availableProcessors();
      predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(1)
          .microBatching(16, Duration.ofMillis(2)).microBatchLanes(cores).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /** Our predictor with micro-batching (up to 16 texts, 2 ms wait), shared by all callers. */
  @State(Scope.Benchmark)
  public static class OursBatched {
    IntentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
      predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(THREADS)
          .microBatching(16, Duration.ofMillis(2)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /** The DJL model (shared) and the head. */
  @State(Scope.Benchmark)
  public static class Djl {
    Path dir;
    ZooModel<String, float[]> model;
    ReferenceHead head;

    @Setup(Level.Trial)
    public void setUp() {
      head = ReferenceHead.banking77();
      dir = PeerModels.encoderDirectory();
      model = PeerModels.djl(dir, THREADS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      model.close();
      PeerModels.deleteDirectory(dir);
    }
  }

  /** One DJL {@code Predictor} per thread (DJL predictors are not thread-safe). */
  @State(Scope.Thread)
  public static class DjlPredictor {
    Predictor<String, float[]> predictor;

    @Setup(Level.Trial)
    public void setUp(Djl djl) {
      predictor = djl.model.newPredictor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /** langchain4j's model (one ORT session shared by all threads) and the head. */
  @State(Scope.Benchmark)
  public static class Lc4j {
    BgeSmallEnV15EmbeddingModel model;
    ReferenceHead head;

    @Setup(Level.Trial)
    public void setUp() {
      RawOrt.environment(); // ORT start-up on a large-stack thread
      head = ReferenceHead.banking77();
      model = new BgeSmallEnV15EmbeddingModel();
    }
  }

  static ReferenceHead.Label djlPredict(Djl djl, DjlPredictor p, Cursor c) throws TranslateException {
    return djl.head.classify(p.predictor.predict(c.text()));
  }

  static ReferenceHead.Label lc4jPredict(Lc4j l, Cursor c) {
    return l.head.classify(l.model.embed(c.text()).content().vector());
  }

  /** The floor: the encoder run alone on pre-tokenised input, 1 caller. */
  @Benchmark
  @Threads(1)
  public float raw1(Raw raw, Cursor c) throws OrtException {
    return raw.run(c.next());
  }

  /** The floor with ORT's default spinning, 1 caller. */
  @Benchmark
  @Threads(1)
  public float rawOrtSpinning1(RawOrtSpinning raw, Cursor c) throws OrtException {
    return raw.run(c.next());
  }

  /** Our predictor, 1 caller. */
  @Benchmark
  @Threads(1)
  public IntentPrediction ours1(Ours o, Cursor c) {
    return o.predictor.predict(c.text());
  }

  /** Our predictor with micro-batching on, 1 caller: what enabling micro-batching costs a lone caller. */
  @Benchmark
  @Threads(1)
  public IntentPrediction oursBatched1(OursBatched o, Cursor c) {
    return o.predictor.predict(c.text());
  }

  /** DJL Predictor + head, 1 caller. */
  @Benchmark
  @Threads(1)
  public ReferenceHead.Label djl1(Djl djl, DjlPredictor p, Cursor c) throws TranslateException {
    return djlPredict(djl, p, c);
  }

  /** langchain4j + head, 1 caller. */
  @Benchmark
  @Threads(1)
  public ReferenceHead.Label lc4j1(Lc4j l, Cursor c) {
    return lc4jPredict(l, c);
  }

  /** The floor with 16 callers sharing one session (concurrent {@code run} calls). */
  @Benchmark
  @Threads(16)
  public float raw16(Raw raw, Cursor c) throws OrtException {
    return raw.run(c.next());
  }

  /** The batched floor: one run of the 16 texts padded together, 1 caller; throughput counts texts. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(16)
  public float rawBatch16(RawBatch raw) throws OrtException {
    return raw.run();
  }

  /** Our predictor with micro-batching, 16 callers. */
  @Benchmark
  @Threads(16)
  public IntentPrediction ours16(OursBatched o, Cursor c) {
    return o.predictor.predict(c.text());
  }

  /** Our predictor with one single-threaded micro-batch lane per core, 16 callers. */
  @Benchmark
  @Threads(16)
  public IntentPrediction oursLanes16(OursLanes o, Cursor c) {
    return o.predictor.predict(c.text());
  }

  /** DJL, one Predictor per caller, 16 callers. */
  @Benchmark
  @Threads(16)
  public ReferenceHead.Label djl16(Djl djl, DjlPredictor p, Cursor c) throws TranslateException {
    return djlPredict(djl, p, c);
  }

  /** langchain4j, one shared model, 16 callers. */
  @Benchmark
  @Threads(16)
  public ReferenceHead.Label lc4j16(Lc4j l, Cursor c) {
    return lc4jPredict(l, c);
  }
}
