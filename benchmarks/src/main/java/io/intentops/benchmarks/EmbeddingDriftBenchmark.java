package io.intentops.benchmarks;

import io.intentops.capture.drift.DriftBaseline;
import io.intentops.capture.drift.DriftWindow;
import io.intentops.capture.drift.EmbeddingProjection;
import io.intentops.capture.drift.EmbeddingSummary;
import io.intentops.capture.drift.EmbeddingTap;
import io.intentops.capture.drift.LiveDriftConfig;
import io.intentops.capture.drift.LiveDriftMonitor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.ProjectedEmbedding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

/**
 * Costs of embedding drift (issue 18). {@code tap}: what the request path pays per prediction for the
 * embedding (project 384 pooled floats to 32 with the seed-2025 projection, park it, claim it);
 * compare with a prediction (~6.5 ms, {@link CaptureOverheadBenchmark}). {@code window}: closing one
 * drift window of {@code n} records with embeddings at the default embedding settings (256 baseline
 * rows, 200 permutations, d = 32), on the capture worker; {@code windowWithoutEmbedding}: the same
 * window against a baseline without an embedding summary (class, confidence and OOS tests only), so
 * the difference is the MMD test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class EmbeddingDriftBenchmark {
  private static final ModelVersion V = ModelVersion.parse("1.0.0-1");

  @Param({"100", "256"})
  public int n;

  private EmbeddingTap tap;
  private float[] pooled;
  private IntentPrediction prediction;
  private LiveDriftMonitor withEmbedding;
  private LiveDriftMonitor withoutEmbedding;
  private CaptureRecord[] records;

  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(2025);
    EmbeddingProjection projection = EmbeddingProjection.of(384);
    tap = EmbeddingTap.of(projection);
    pooled = new float[384];
    for (int i = 0; i < pooled.length; i++) {
      pooled[i] = (float) rnd.nextGaussian();
    }
    prediction = new IntentPrediction("a", 0.9, List.of(new ScoredLabel("a", 0.9)), false, 0.1, V, Duration.ZERO, false);
    List<IntentPrediction> preds = new ArrayList<>();
    List<float[]> projected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String l = "intent_" + rnd.nextInt(20);
      double s = 0.5 + 0.5 * rnd.nextDouble();
      preds.add(new IntentPrediction(l, s, List.of(new ScoredLabel(l, s)), false, 0.1, V, Duration.ZERO, false));
      float[] x = new float[384];
      for (int d = 0; d < x.length; d++) {
        x[d] = (float) rnd.nextGaussian();
      }
      projected.add(projection.project(x));
    }
    DriftBaseline plain = DriftBaseline.of(V, preds);
    DriftBaseline emb = plain.withEmbedding(EmbeddingSummary.ofProjected(projection, projected,
        EmbeddingSummary.DEFAULT_SAMPLE_SIZE, EmbeddingSummary.DEFAULT_SEED));
    LiveDriftConfig config = LiveDriftConfig.custom().windowSize(100_000).minSamples(n).build();
    withEmbedding = LiveDriftMonitor.builder(emb).config(config).build();
    withoutEmbedding = LiveDriftMonitor.builder(plain).config(config).build();
    records = new CaptureRecord[n];
    for (int i = 0; i < n; i++) {
      IntentPrediction p = preds.get(i);
      records[i] = new CaptureRecord("r" + i, Instant.EPOCH, V, null, "[text]", p.label(), p.score(), p.topK(), false,
          0.1, Duration.ZERO, ProjectedEmbedding.of(projected.get(projected.size() - 1 - i)));
    }
  }

  /** Request path: project, park and claim one embedding. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ProjectedEmbedding tap() {
    tap.hook().accept(prediction, pooled);
    return tap.take(prediction);
  }

  /** Worker: one window of n records with embeddings, MMD test included. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public DriftWindow window() {
    for (CaptureRecord r : records) {
      withEmbedding.accept(r);
    }
    return withEmbedding.closeWindow();
  }

  /** Worker: the same window without an embedding summary. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public DriftWindow windowWithoutEmbedding() {
    for (CaptureRecord r : records) {
      withoutEmbedding.accept(r);
    }
    return withoutEmbedding.closeWindow();
  }
}
