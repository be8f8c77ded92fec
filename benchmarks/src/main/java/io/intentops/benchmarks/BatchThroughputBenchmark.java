package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.benchmarks.peers.PeerModels;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.core.IntentPrediction;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.inference.encoder.TokenizedText;
import io.intentops.models.ReferenceModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole dataset at once (the BANKING77 test split, 3,080 texts, read through the datasets path): one
 * operation scores every text.
 *
 * <ul>
 *   <li>{@code rawSorted}: the floor, bare {@code OrtSession.run} over the texts pre-tokenised in
 *       batches of {@link IntentPredictor.Builder#DEFAULT_MAX_BATCH} after sorting by token count
 *       (tensors built in setup; no tokenising, pooling, head or out-of-scope score);
 *   <li>{@code predictBatch}: {@link IntentPredictor#predictBatch} on the texts in dataset order:
 *       tokenising, length sorting, encoder runs, pooling, head, calibration and the kNN out-of-scope
 *       score included.
 * </ul>
 *
 * Texts per second = 3,080 / score. Same session options for both (the library's defaults).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 2, jvmArgsAppend = {"-Xss4m", "-Xmx3g"})
public class BatchThroughputBenchmark {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;

  /** The dataset texts. */
  @State(Scope.Benchmark)
  public static class Texts {
    List<String> texts;

    @Setup(Level.Trial)
    public void setUp() {
      texts = DatasetReaders.banking77(DatasetPaths.banking77().resolve("test.csv")).texts();
    }
  }

  /** The encoder session and the length-sorted pre-tokenised batches. */
  @State(Scope.Benchmark)
  public static class Raw {
    OrtSession session;
    final List<Map<String, OnnxTensorLike>> batches = new ArrayList<>();
    private final List<OnnxTensor> tensors = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp(Texts t) {
      session = RawOrt.session(ModelResource.classpath(PeerModels.ENCODER_RESOURCE), THREADS);
      try (TextTokenizer tok = TextTokenizer.load(
          ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"), PeerModels.MAX_TOKENS)) {
        List<TokenizedText> all = new ArrayList<>();
        for (String s : t.texts) {
          all.add(tok.encode(s));
        }
        all.sort(Comparator.comparingInt(TokenizedText::length));
        int max = IntentPredictor.Builder.DEFAULT_MAX_BATCH;
        for (int s = 0; s < all.size(); s += max) {
          TokenBatch b = TokenBatch.of(all.subList(s, Math.min(all.size(), s + max)));
          batches.add(RawOrt.bertInputs(session, b, tensors));
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      tensors.forEach(OnnxTensor::close);
      session.close();
    }
  }

  /** Our predictor (library defaults). */
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

  /** The floor: every pre-tokenised batch through {@code OrtSession.run}. */
  @Benchmark
  public float rawSorted(Raw raw) throws OrtException {
    float sink = 0;
    for (Map<String, OnnxTensorLike> in : raw.batches) {
      try (OrtSession.Result r = raw.session.run(in)) {
        sink += ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
    }
    return sink;
  }

  /** {@code predictBatch} over the whole dataset in dataset order. */
  @Benchmark
  public List<IntentPrediction> predictBatch(Ours o, Texts t) {
    return o.predictor.predictBatch(t.texts);
  }
}
