package io.intentops.capture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.capture.CapturePipeline;
import io.intentops.capture.drift.DriftBaseline;
import io.intentops.capture.drift.LiveDriftConfig;
import io.intentops.capture.drift.LiveDriftMonitor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureMetersTest {
  static final ModelVersion V = ModelVersion.parse("1.0.0-1");

  static IntentPrediction p(String label) {
    return new IntentPrediction(label, 0.9, List.of(new ScoredLabel(label, 0.9)), false, 0.1, V, Duration.ZERO, false);
  }

  @Test
  void metersFollowThePipelineAndTheMonitor() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    List<IntentPrediction> base = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      base.add(p("intent_" + (i % 10)));
    }
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(DriftBaseline.of(V, base))
        .config(LiveDriftConfig.custom().windowSize(200).build()).build();
    try (CapturePipeline pipeline = CapturePipeline.builder().sink(monitor).sampleRate(0.5).build()) {
      CaptureMeters.bind(reg, pipeline, "main");
      CaptureMeters.bind(reg, monitor);
      for (int i = 0; i < 2000; i++) {
        pipeline.accept(CaptureRecord.of("r" + i, Instant.EPOCH, null, "t", p("intent_0")));
      }
      pipeline.flush();
      double offered = reg.get("intentops.capture.events").tag("outcome", "offered").functionCounter().count();
      double sampled = reg.get("intentops.capture.events").tag("outcome", "sampled_out").functionCounter().count();
      double delivered = reg.get("intentops.capture.events").tag("outcome", "delivered").functionCounter().count();
      assertThat(offered).isEqualTo(2000);
      assertThat(sampled + delivered).isEqualTo(2000);
      assertThat(reg.get("intentops.capture.queued").gauge().value()).isZero();
      double windows = reg.get("intentops.drift.windows").tag("version", "1.0.0-1").functionCounter().count();
      assertThat(windows).isEqualTo(Math.floor(delivered / 200));
      assertThat(reg.get("intentops.drift.status").gauge().value()).isEqualTo(2.0); // all one intent: DEGRADED
      assertThat(reg.get("intentops.drift.consecutive.breaches").gauge().value()).isEqualTo(windows);
    }
  }
}
