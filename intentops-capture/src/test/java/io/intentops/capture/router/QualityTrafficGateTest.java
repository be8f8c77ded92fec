package io.intentops.capture.router;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.capture.OnlineAccuracy;
import io.intentops.capture.drift.DriftBaseline;
import io.intentops.capture.drift.LiveDriftConfig;
import io.intentops.capture.drift.LiveDriftMonitor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficRefusedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityTrafficGateTest {
  static final ModelVersion CANDIDATE = ModelVersion.parse("2.0.0-3");
  static final ModelVersion OTHER = ModelVersion.parse("2.0.0-4");

  static IntentPrediction p(String label) {
    return new IntentPrediction(label, 0.9, List.of(new ScoredLabel(label, 0.9)), false, 0.1, CANDIDATE, Duration.ZERO,
        false);
  }

  @Test
  void aDegradedVersionGetsNoMoreTrafficButOthersDo() {
    List<IntentPrediction> base = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      base.add(p("intent_" + (i % 10)));
    }
    LiveDriftMonitor m = LiveDriftMonitor.builder(DriftBaseline.of(CANDIDATE, base))
        .config(LiveDriftConfig.custom().windowSize(200).build()).build();
    QualityTrafficGate gate = QualityTrafficGate.builder().drift(m).build();
    TrafficChange advance = new TrafficChange(CANDIDATE, TrafficChange.Kind.STEP_ADVANCED, 500, 2000, false);
    assertThatCode(() -> gate.check(advance)).doesNotThrowAnyException();
    for (int i = 0; i < 600; i++) { // three windows where everything is one intent
      m.accept(CaptureRecord.of("r" + i, Instant.EPOCH, null, "t", p("intent_0")));
    }
    assertThatThrownBy(() -> gate.check(advance)).isInstanceOf(TrafficRefusedException.class)
        .hasMessageContaining("live drift is DEGRADED").hasMessageContaining("2.0.0-3");
    assertThatCode(() -> gate.check(new TrafficChange(OTHER, TrafficChange.Kind.PROMOTED, 500, 10000, true)))
        .doesNotThrowAnyException();
  }

  @Test
  void clearlyBadOnlineAccuracyRefusesAPromotionOnlyWithEnoughVerdicts() {
    OnlineAccuracy acc = OnlineAccuracy.create();
    QualityTrafficGate gate = QualityTrafficGate.builder().accuracy(acc, 0.8, 50).build();
    TrafficChange promote = new TrafficChange(CANDIDATE, TrafficChange.Kind.PROMOTED, 5000, 10000, true);
    for (int i = 0; i < 20; i++) {
      acc.accept(Feedback.thumbsDown("d" + i, Instant.EPOCH, CANDIDATE));
    }
    assertThatCode(() -> gate.check(promote)).as("20 verdicts are not enough").doesNotThrowAnyException();
    for (int i = 0; i < 40; i++) {
      acc.accept(i % 2 == 0 ? Feedback.thumbsUp("u" + i, Instant.EPOCH, CANDIDATE)
          : Feedback.thumbsDown("u" + i, Instant.EPOCH, CANDIDATE));
    }
    assertThatThrownBy(() -> gate.check(promote)).isInstanceOf(TrafficRefusedException.class)
        .hasMessageContaining("online accuracy 0.333").hasMessageContaining("below the floor 0.800");
  }

  @Test
  void aGateNeedsSomethingToWatch() {
    assertThatThrownBy(() -> QualityTrafficGate.builder().build())
        .isInstanceOf(io.intentops.core.ConfigurationException.class);
  }
}
