package io.intentops.benchmarks;

import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.inference.head.OosScorer;
import io.intentops.models.ReferenceModels;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The single-threaded pieces {@code IntentPredictor} adds around the encoder run, timed alone: the
 * tokenizer and the kNN OOS score against the reference bundle's 616-row bank. On a shared machine
 * these are steadier than the difference of two noisy end-to-end numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IntentOverheadBenchmark {
  private TextTokenizer tokenizer;
  private IntentHeadWeights head;
  private float[] embedding;
  private OosScorer scorer;
  private final double[] noLogits = new double[0];

  @Setup
  public void setUp() {
    tokenizer = TextTokenizer.load(ModelResource.classpath("bge-small-en-v1.5-tokenizer.json"), 128);
    head = IntentHeadWeights.read(ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve(IntentHeadWeights.FILE));
    embedding = new float[head.dim()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = head.mean()[i] + 0.5f * head.scale()[i];
    }
    scorer = OosScorer.knnCosine(head.bank(), head.bankRows(), head.dim(), 3);
  }

  @TearDown
  public void tearDown() {
    tokenizer.close();
  }

  /** Tokenise one query and pad it into a batch. */
  @Benchmark
  public TokenBatch tokenize() {
    return tokenizer.encodeBatch(List.of("I still haven't received my card"));
  }

  /** The same score through the {@link OosScorer} instance the predictor serves with. */
  @Benchmark
  public double knnOosScorer() {
    return scorer.score(embedding, noLogits);
  }

  /** kNN cosine OOS score of one embedding against the bundle's bank (k = 3), the static form. */
  @Benchmark
  public double knnOos() {
    return OosScorer.knnCosine(embedding, head.bank(), head.bankRows(), head.dim(), 3);
  }
}
