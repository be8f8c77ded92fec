package io.intentops.eval.harness;

import io.intentops.core.Entity;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small in-test predictors: real Predictor implementations driven by lookup functions. */
public final class Fakes {
  private Fakes() {}

  /** What an intent fake answers for one text. */
  public record Answer(String label, double score, double oosScore, boolean outOfScope) {}

  /** An intent predictor answering with {@code f}; each prediction advances {@code clock} by 1 ms when given. */
  public static Predictor<String, IntentPrediction> intent(Function<String, Answer> f, ManualClock clock) {
    return new Predictor<>() {
      @Override
      public IntentPrediction predict(String input) {
        Answer a = f.apply(input);
        if (clock != null) {
          clock.advanceMillis(1);
        }
        return new IntentPrediction(a.label(), a.score(), List.of(new ScoredLabel(a.label(), a.score())),
            a.outOfScope(), a.oosScore(), version(), Duration.ofMillis(1), false);
      }

      @Override
      public ModelVersion version() {
        return ModelVersion.of(1, 0, 0, 1);
      }
    };
  }

  /** A NER predictor that tags every whitespace-separated word found in {@code lexicon} as its own entity, merging runs of the same type. */
  public static Predictor<String, NerResult> ner(Map<String, String> lexicon) {
    return new Predictor<>() {
      @Override
      public NerResult predict(String text) {
        List<Entity> out = new ArrayList<>();
        int pos = 0;
        String prevType = null;
        int start = -1;
        int end = -1;
        for (String w : text.split(" ", -1)) {
          String type = lexicon.get(w);
          if (type != null && type.equals(prevType)) {
            end = pos + w.length();
          } else {
            if (prevType != null) {
              out.add(new Entity(prevType, start, end, text.substring(start, end), 0.9));
            }
            start = pos;
            end = pos + w.length();
          }
          prevType = type;
          pos += w.length() + 1;
        }
        if (prevType != null) {
          out.add(new Entity(prevType, start, end, text.substring(start, end), 0.9));
        }
        return new NerResult(out, version(), Duration.ZERO, false);
      }

      @Override
      public ModelVersion version() {
        return ModelVersion.of(2, 0, 0, 1);
      }
    };
  }
}
