package io.intentops.capture.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.capture.CaptureFiles;
import io.intentops.capture.CapturePipeline;
import io.intentops.capture.JsonlFileSink;
import io.intentops.capture.OnlineAccuracy;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.Feedback;
import io.intentops.router.AbTestResult;
import io.intentops.router.Outcome;
import io.intentops.router.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterFeedbackTest {
  static final ModelVersion CONTROL = ModelVersion.parse("1.0.0-1");
  static final ModelVersion TREATMENT = ModelVersion.parse("1.1.0-2");
  static final ModelVersion UNKNOWN = ModelVersion.parse("9.0.0-1");

  static Predictor<String, IntentPrediction> model(ModelVersion v) {
    return new Predictor<>() {
      @Override
      public IntentPrediction predict(String input) {
        return new IntentPrediction("x", 0.9, java.util.List.of(new ScoredLabel("x", 0.9)), false, 0.1, v, Duration.ZERO,
            false);
      }

      @Override
      public ModelVersion version() {
        return v;
      }
    };
  }

  static Router<String, IntentPrediction> router() {
    return Router.<String, IntentPrediction>builder().version(model(CONTROL)).version(model(TREATMENT)).stable(CONTROL)
        .candidate(TREATMENT, 5000).build();
  }

  @Test
  void persistedFeedbackReachesTheRoutersAbTestAfterARestart(@TempDir Path dir) {
    ManualClock clock = ManualClock.create();
    Random rnd = new Random(2025);
    AbTestResult live;
    try (Router<String, IntentPrediction> r = router();
        CapturePipeline p = CapturePipeline.builder().sink(JsonlFileSink.builder(dir).clock(clock).build())
            .sink(RouterFeedback.to(r)).build()) {
      for (int i = 0; i < 600; i++) {
        ModelVersion v = i % 2 == 0 ? CONTROL : TREATMENT;
        boolean up = rnd.nextDouble() < (v == CONTROL ? 0.6 : 0.8);
        p.accept(up ? Feedback.thumbsUp("r" + i, clock.instant(), v)
            : i % 3 == 0 ? Feedback.correction("r" + i, clock.instant(), v, "y") : Feedback.thumbsDown("r" + i, clock.instant(), v));
      }
      p.accept(Feedback.thumbsUp("stray", clock.instant(), UNKNOWN));
      p.flush();
      live = r.abTest(Outcome.Metric.THUMBS, CONTROL, TREATMENT);
      assertThat(live.verdict()).isEqualTo(AbTestResult.Verdict.TREATMENT_BETTER);
    }
    // A new router process starts with empty counters; the stored feedback restores them.
    try (Router<String, IntentPrediction> restarted = router()) {
      assertThat(restarted.abTest(Outcome.Metric.THUMBS, CONTROL, TREATMENT).verdict())
          .isEqualTo(AbTestResult.Verdict.INSUFFICIENT_DATA);
      long n = RouterFeedback.replay(restarted, CaptureFiles.read(dir).events());
      assertThat(n).isEqualTo(600);
      assertThat(restarted.abTest(Outcome.Metric.THUMBS, CONTROL, TREATMENT)).isEqualTo(live);
    }
    // The de-duplicated estimate gives the same comparison here (one verdict per request).
    AbTestResult fromEstimates = RouterFeedback.abTest(OnlineAccuracy.of(CaptureFiles.read(dir).events()), CONTROL,
        TREATMENT, 0.05, 100);
    assertThat(fromEstimates.controlTrials()).isEqualTo(300);
    assertThat(fromEstimates.treatmentSuccesses()).isEqualTo(live.treatmentSuccesses());
    assertThat(fromEstimates.verdict()).isEqualTo(AbTestResult.Verdict.TREATMENT_BETTER);
  }
}
