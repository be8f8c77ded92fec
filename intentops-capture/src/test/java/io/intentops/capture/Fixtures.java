package io.intentops.capture;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.CaptureSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared test helpers. */
final class Fixtures {
  static final ModelVersion V1 = ModelVersion.parse("1.0.0-1");
  static final ModelVersion V2 = ModelVersion.parse("1.1.0-2");

  private Fixtures() {}

  static CaptureRecord record(String id, Instant t, String text, String label, double score, boolean oos) {
    return new CaptureRecord(id, t, V1, null, text, label, score, List.of(new ScoredLabel(label, score)), oos,
        oos ? 1.5 : 0.2, Duration.ofMillis(3));
  }

  static IntentPrediction prediction(ModelVersion v, String label, double score) {
    return new IntentPrediction(label, score, List.of(new ScoredLabel(label, score)), false, 0.1, v,
        Duration.ofMillis(2), false);
  }

  /** A predictor that labels by the text's first word. */
  static Predictor<String, IntentPrediction> firstWord(ModelVersion v) {
    return new Predictor<>() {
      @Override
      public IntentPrediction predict(String input) {
        String w = input.strip().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
        return prediction(v, w, 0.9);
      }

      @Override
      public ModelVersion version() {
        return v;
      }
    };
  }

  /** Keeps every event it is given. */
  static final class Recording implements CaptureSink {
    final List<CaptureEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CaptureEvent event) {
      events.add(event);
    }
  }
}
