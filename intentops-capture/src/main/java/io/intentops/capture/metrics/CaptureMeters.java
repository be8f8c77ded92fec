package io.intentops.capture.metrics;

import io.intentops.capture.CapturePipeline;
import io.intentops.capture.CaptureStats;
import io.intentops.capture.drift.LiveDriftMonitor;
import io.intentops.eval.drift.DriftJob;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * Registers capture and drift meters. Capture, tagged {@code pipeline}:
 * {@code intentops.capture.events} (function counter, tag {@code outcome} = offered, sampled_out,
 * dropped, redaction_failed, delivered), {@code intentops.capture.sink.failures} and the gauge
 * {@code intentops.capture.queued}. Drift, tagged {@code version}: the gauge
 * {@code intentops.drift.status} (0 OK, 1 BREACHING, 2 DEGRADED), {@code intentops.drift.consecutive.breaches}
 * and the function counter {@code intentops.drift.windows}; with embedding drift also the gauge
 * {@code intentops.drift.embedding.mmd2} (MMD² of the last window with an embedding verdict, NaN
 * before one) and the function counter {@code intentops.drift.embedding.mismatches} (records whose
 * embedding had another dimension than the baseline's). Meters read the live objects, so there is
 * nothing to update. Stateless and thread-safe.
 */
public final class CaptureMeters {
  private CaptureMeters() {}

  /** Registers the meters of {@code pipeline} under tag {@code pipeline=name}. */
  public static void bind(MeterRegistry registry, CapturePipeline pipeline, String name) {
    outcome(registry, pipeline, name, "offered", CaptureStats::offered);
    outcome(registry, pipeline, name, "sampled_out", CaptureStats::sampledOut);
    outcome(registry, pipeline, name, "dropped", CaptureStats::dropped);
    outcome(registry, pipeline, name, "redaction_failed", CaptureStats::redactionFailures);
    outcome(registry, pipeline, name, "delivered", CaptureStats::delivered);
    FunctionCounter.builder("intentops.capture.sink.failures", pipeline, p -> p.stats().sinkFailures())
        .tag("pipeline", name).description("Batch deliveries a sink failed").register(registry);
    Gauge.builder("intentops.capture.queued", pipeline, p -> p.stats().queued())
        .tag("pipeline", name).description("Events waiting in the capture queue").register(registry);
  }

  private static void outcome(MeterRegistry r, CapturePipeline p, String name, String outcome,
      ToLongFunction<CaptureStats> f) {
    FunctionCounter.builder("intentops.capture.events", p, x -> f.applyAsLong(x.stats()))
        .tags("pipeline", name, "outcome", outcome).description("Capture events by outcome").register(r);
  }

  /** Registers the meters of {@code monitor} under tag {@code version}. */
  public static void bind(MeterRegistry registry, LiveDriftMonitor monitor) {
    String v = monitor.version().toString();
    Gauge.builder("intentops.drift.status", monitor, m -> level(m.status())).tag("version", v)
        .description("Live drift status: 0 OK, 1 BREACHING, 2 DEGRADED").register(registry);
    Gauge.builder("intentops.drift.consecutive.breaches", monitor, LiveDriftMonitor::consecutiveBreaches)
        .tag("version", v).description("Breaching windows in a row").register(registry);
    FunctionCounter.builder("intentops.drift.windows", monitor, LiveDriftMonitor::windows).tag("version", v)
        .description("Closed drift windows").register(registry);
    if (monitor.embeddingDrift()) {
      Gauge.builder("intentops.drift.embedding.mmd2", monitor, LiveDriftMonitor::lastEmbeddingMmd2).tag("version", v)
          .description("MMD² of the last window's embeddings against the baseline sample").register(registry);
      FunctionCounter.builder("intentops.drift.embedding.mismatches", monitor, LiveDriftMonitor::embeddingMismatches)
          .tag("version", v).description("Captured embeddings of another dimension than the baseline's")
          .register(registry);
    }
  }

  static double level(DriftJob.Status s) {
    return switch (s) {
      case OK, INCONCLUSIVE -> 0;
      case BREACHING -> 1;
      case DEGRADED -> 2;
    };
  }
}
