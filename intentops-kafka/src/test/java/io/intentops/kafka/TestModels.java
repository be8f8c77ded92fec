package io.intentops.kafka;

import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Deterministic predictors for the Kafka tests. */
final class TestModels {
  static final ModelVersion PROD = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");

  private TestModels() {}

  /** Labels by a hash of the text; the candidate differs on texts that mention "card". */
  static final class Hashing implements Predictor<String, IntentPrediction> {
    final ModelVersion version;
    final boolean candidate;
    final AtomicLong batchCalls = new AtomicLong();

    Hashing(ModelVersion version, boolean candidate) {
      this.version = version;
      this.candidate = candidate;
    }

    @Override
    public IntentPrediction predict(String text) {
      if (text == null || text.isBlank()) {
        throw new InvalidInputException(InvalidInputException.Reason.BLANK, "Text must not be blank");
      }
      String label = "intent_" + Math.floorMod(text.hashCode(), 10);
      if (candidate && text.toLowerCase(Locale.ROOT).contains("card")) {
        label = "card_issue";
      }
      double score = 0.5 + Math.floorMod(text.hashCode() >> 4, 50) / 100.0;
      boolean oos = Math.floorMod(text.hashCode() >> 8, 20) == 0;
      return new IntentPrediction(label, score, List.of(new ScoredLabel(label, score)), oos, oos ? 2.0 : 0.1, version,
          Duration.ofMillis(1), false);
    }

    @Override
    public List<IntentPrediction> predictBatch(List<? extends String> inputs) {
      batchCalls.incrementAndGet();
      return Predictor.super.predictBatch(inputs);
    }

    @Override
    public ModelVersion version() {
      return version;
    }
  }

  static String text(int i) {
    return switch (i % 4) {
      case 0 -> "where is my card number " + i;
      case 1 -> "what is my balance today " + i;
      case 2 -> "send money to jane" + i + "@example.com";
      default -> "top up " + i + " euros";
    };
  }
}
