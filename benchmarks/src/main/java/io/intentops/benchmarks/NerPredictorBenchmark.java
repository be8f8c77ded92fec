package io.intentops.benchmarks;

import io.intentops.core.NerResult;
import io.intentops.inference.ner.NerPredictor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-sentence latency of the reference WNUT-17 NER bundle served by ONNX Runtime (fine-tuned weights
 * injected at session creation): tokenisation, encoder, tag head, Viterbi decoding and char offsets.
 *
 * <pre>mvn -B -ntp -pl benchmarks exec:exec -Djmh.args="NerPredictorBenchmark -f 1 -wi 2 -i 3"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
public class NerPredictorBenchmark {
  /** A typical WNUT-17-length tweet (~20 words). */
  static final String TWEET = "@jenny heading to the Empire State Building with Mike tonight , then Starbucks on 5th Ave #nyc";

  @Param({"2"})
  public int threads;

  private NerPredictor predictor;

  @Setup(Level.Trial)
  public void setUp() {
    predictor = NerPredictor.builder().bundleResource("io/intentops/models/wnut17-ner/").intraOpThreads(threads).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    predictor.close();
  }

  @Benchmark
  public NerResult sentence() {
    return predictor.predict(TWEET);
  }
}
