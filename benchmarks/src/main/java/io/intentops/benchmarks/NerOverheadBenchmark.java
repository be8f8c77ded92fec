package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.benchmarks.peers.RawNer;
import io.intentops.core.NerResult;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.util.ArrayList;
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
 * One WNUT-17 tweet per call, 1 caller, on the reference NER bundle's graph (bge-small-en-v1.5 with the
 * bundle's fine-tuned weights injected as initializers):
 *
 * <ul>
 *   <li>{@code raw}: {@code OrtSession.run} of that graph ({@link RawNer}: same base encoder, same merged
 *       int8 deltas, library default session options) on the tweet's pre-tokenised window
 *       ({@code [CLS]} word pieces {@code [SEP]}, as the predictor builds it), reading one output value:
 *       the floor;
 *   <li>{@code ours}: {@link NerPredictor#predict} (word split, word pieces, windows, encoder, token head,
 *       softmax, Viterbi decoding, character offsets).
 * </ul>
 *
 * <p>Both use {@link OrtSessions.Settings#DEFAULT_INTRA_OP_THREADS}. Run with
 * {@code -prof io.intentops.benchmarks.ProcessCpuProfiler} ({@code benchmarks/run-all.sh} suite
 * {@code ner-overhead}).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-Xmx2g"})
public class NerOverheadBenchmark {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
  /** The same tweet as {@link NerPredictorBenchmark}. */
  static final String TWEET = NerPredictorBenchmark.TWEET;

  /** The bundle's graph as a bare session and the tweet's tensors. */
  @State(Scope.Benchmark)
  public static class Raw {
    RawNer ner;
    Map<String, OnnxTensorLike> inputs;
    private final List<OnnxTensor> tensors = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      ner = RawNer.load(ModelResource.classpath(ReferenceModels.WNUT17_NER), THREADS);
      inputs = ner.windowInputs(TWEET, tensors);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      tensors.forEach(OnnxTensor::close);
      ner.close();
    }
  }

  /** Our NER predictor on the reference bundle. */
  @State(Scope.Benchmark)
  public static class Ours {
    NerPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
      predictor = ReferenceModels.wnut17NerBuilder().intraOpThreads(THREADS).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      predictor.close();
    }
  }

  /** The floor: the NER graph alone on the pre-tokenised tweet, 1 caller. */
  @Benchmark
  @Threads(1)
  public float raw1(Raw raw) throws OrtException {
    try (OrtSession.Result r = raw.ner.session().run(raw.inputs)) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** Our NER predictor, 1 caller. */
  @Benchmark
  @Threads(1)
  public NerResult ours1(Ours o) {
    return o.predictor.predict(TWEET);
  }
}
