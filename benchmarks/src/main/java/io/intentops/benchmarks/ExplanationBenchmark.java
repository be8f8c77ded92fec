package io.intentops.benchmarks;

import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.explain.ExplanationMethod;
import io.intentops.models.ReferenceModels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Milliseconds per {@link IntentPredictor#explain} on the reference BANKING77 bundle (fp32 bge-small), for a
 * short (6-word), a median-length (9-word, BANKING77 test median) and a long (34-word, near BANKING77 test's
 * 99th percentile of 39) query, by occlusion ({@code words + 1} texts in one ORT run) and by sampled Shapley with the
 * default 8 permutations ({@code 8 * (words - 1) + 2} texts), next to one plain {@code predict} of the same text.
 *
 * <pre>mvn -B -ntp -pl benchmarks exec:exec -Djmh.args="ExplanationBenchmark -f 1 -wi 2 -i 3"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExplanationBenchmark {
  static final String SHORT = "I still haven't received my card";
  static final String MEDIAN = "Why was I charged twice for the same transaction?";
  static final String LONG = "I ordered a new card about three weeks ago and it still has not arrived, the app says it "
      + "was shipped but nothing came in the post and I need it for a trip";

  @Param({"short", "median", "long"})
  public String length;

  @Param({"2"})
  public int threads;

  private IntentPredictor predictor;
  private String text;
  private ExplainConfig occlusion;
  private ExplainConfig shapley;

  @Setup(Level.Trial)
  public void setUp() {
    predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(threads).build();
    text = switch (length) {
      case "short" -> SHORT;
      case "median" -> MEDIAN;
      case "long" -> LONG;
      default -> throw new IllegalArgumentException("length must be short, median or long, got " + length);
    };
    occlusion = ExplainConfig.defaults();
    shapley = ExplainConfig.custom().method(ExplanationMethod.SAMPLED_SHAPLEY).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    predictor.close();
  }

  /** One plain prediction of the same text: the floor an explanation is compared with. */
  @Benchmark
  public IntentPrediction predict() {
    return predictor.predict(text);
  }

  /** Leave-one-word-out occlusion. */
  @Benchmark
  public Explanation explainOcclusion() {
    return predictor.explain(text, occlusion);
  }

  /** Sampled Shapley, 8 permutations, seed 2025. */
  @Benchmark
  public Explanation explainShapley() {
    return predictor.explain(text, shapley);
  }
}
