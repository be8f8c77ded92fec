package io.intentops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InferenceException;
import io.intentops.core.ModelVersion;
import io.intentops.inference.observation.DefaultInferenceObservationConvention;
import io.intentops.inference.observation.InferenceObservationContext;
import io.intentops.inference.observation.InferenceStage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

/** Stage timers and the batch-size distribution from stage observations shaped like the predictors'. */
class PredictorMetricsTest {
  static final ModelVersion V = ModelVersion.parse("1.0.0-1");

  static void observe(ObservationRegistry registry, InferenceStage stage, int batch, Runnable body) {
    InferenceObservationContext ctx = new InferenceObservationContext(stage, "intent", "banking77-intent", V, batch);
    ctx.queueDepth(batch / 2); // any backlog, to check it is recorded as given
    Observation.createNotStarted(null, DefaultInferenceObservationConvention.INSTANCE, () -> ctx, registry)
        .observe(body);
  }

  @Test
  void timesEveryStageAndRecordsTheBatchSizeOfModelRuns() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(PredictorMetrics.create(meters));
    for (int batch : new int[] {1, 4, 16}) {
      observe(registry, InferenceStage.PREPROCESS, batch, () -> { });
      observe(registry, InferenceStage.INFERENCE_FORWARD, batch, () -> { });
    }
    assertThatThrownBy(() -> observe(registry, InferenceStage.INFERENCE_FORWARD, 2, () -> {
      throw new InferenceException("run failed");
    })).isInstanceOf(InferenceException.class);

    Timer pre = meters.get(PredictorMetrics.STAGE_TIMER).tag("stage", "preprocess").tag("version", "1.0.0-1")
        .tag("error", "none").timer();
    assertThat(pre.count()).isEqualTo(3);
    assertThat(meters.get(PredictorMetrics.STAGE_TIMER).tag("stage", "inference_forward")
        .tag("error", "InferenceException").timer().count()).isEqualTo(1);
    DistributionSummary sizes = meters.get(PredictorMetrics.BATCH_SIZE).tag("version", "1.0.0-1").summary();
    assertThat(sizes.count()).isEqualTo(4);
    assertThat(sizes.totalAmount()).isEqualTo(1 + 4 + 16 + 2);
    assertThat(sizes.max()).isEqualTo(16);
    DistributionSummary backlog = meters.get(PredictorMetrics.QUEUE_DEPTH).tag("version", "1.0.0-1").summary();
    assertThat(backlog.count()).isEqualTo(4);
    assertThat(backlog.totalAmount()).isEqualTo(0 + 2 + 8 + 1);
    // Only low-cardinality tags: no batch size or text among them.
    assertThat(sizes.getId().getTags()).extracting(t -> t.getKey()).containsExactlyInAnyOrder("task", "version");
  }

  @Test
  void withoutStageTimersOnlyTheBatchSizeIsRecorded() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(PredictorMetrics.create(meters, false));
    observe(registry, InferenceStage.INFERENCE_FORWARD, 8, () -> { });
    assertThat(meters.find(PredictorMetrics.STAGE_TIMER).timers()).isEmpty();
    assertThat(meters.get(PredictorMetrics.BATCH_SIZE).summary().totalAmount()).isEqualTo(8);
    // Other observations are not its business.
    Observation.createNotStarted("other", registry).observe(() -> { });
    assertThat(meters.getMeters()).hasSize(2); // batch size and queue depth
  }
}
