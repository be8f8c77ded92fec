package io.intentops.samples.springboot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.intentops.core.Entity;
import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.ScoredLabel;
import io.intentops.router.AbTestResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the HTTP API (JSON, camelCase). Immutable records. */
public final class Api {
  private Api() {}

  /**
   * Body of {@code POST /v1/intents:predict} and {@code POST /v1/entities:extract}.
   *
   * @param text the text (required; limits apply)
   * @param userId routing key for sticky canary/A-B assignment; optional
   */
  public record TextRequest(@Nullable String text, @Nullable String userId) {}

  /**
   * Body of {@code POST /v1/intents:batchPredict}.
   *
   * @param texts 1 to {@code intentops.batch.max-items} texts
   * @param userId routing key applied to every text; optional
   */
  public record BatchRequest(@Nullable List<String> texts, @Nullable String userId) {}

  /**
   * One intent answer.
   *
   * @param label the intent to act on when {@code outOfScope} is false
   * @param score its calibrated probability
   * @param outOfScope whether the text is outside every known intent
   * @param modelVersion the version that answered (send it back with feedback)
   * @param latencyMs time inside the model, milliseconds
   * @param truncated whether the text was cut to the token limit
   * @param fellBack whether the chosen version failed and the stable version answered
   * @param oosScore OOS score (with {@code enable_explainability})
   * @param topK alternatives, best first (with {@code enable_explainability})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IntentResponse(String label, double score, boolean outOfScope, String modelVersion, double latencyMs,
      boolean truncated, boolean fellBack, @Nullable Double oosScore, @Nullable List<ScoredLabel> topK) {
    static IntentResponse of(IntentPrediction p, boolean fellBack, boolean explain) {
      return new IntentResponse(p.label(), p.score(), p.outOfScope(), p.modelVersion().toString(),
          p.latency().toNanos() / 1e6, p.truncated(), fellBack, explain ? p.oosScore() : null,
          explain ? p.topK() : null);
    }
  }

  /**
   * Answer of {@code POST /v1/intents:explain}.
   *
   * @param label the predicted intent on the full text (the explained target)
   * @param outOfScope whether the full text is out of scope
   * @param oosScore the full text's OOS score
   * @param modelVersion the version that explained
   * @param method how attributions were estimated (e.g. OCCLUSION)
   * @param textsScored texts the model scored for this explanation
   * @param words one entry per word, in text order
   */
  public record ExplanationResponse(String label, boolean outOfScope, double oosScore, String modelVersion,
      String method, int textsScored, List<Word> words) {
    static ExplanationResponse of(io.intentops.inference.explain.Explanation e) {
      IntentPrediction p = e.prediction();
      return new ExplanationResponse(e.target(), p.outOfScope(), p.oosScore(), p.modelVersion().toString(),
          e.method().name(), e.textsScored(),
          e.words().stream().map(w -> new Word(w.word(), w.start(), w.end(), w.intent(), w.oos())).toList());
    }

    /**
     * One word's attribution.
     *
     * @param word the word as it appears in the text
     * @param start UTF-16 offset of its first character in the request text
     * @param end UTF-16 offset after its last character
     * @param intent how much it supports the predicted intent (drop of its probability without the word)
     * @param oos how much it pushes the text out of scope (drop of the OOS score without the word)
     */
    public record Word(String word, int start, int end, double intent, double oos) {}
  }

  /**
   * Answer of the batch endpoint.
   *
   * @param predictions one per text, in order
   */
  public record BatchResponse(List<IntentResponse> predictions) {}

  /**
   * Answer of {@code POST /v1/entities:extract}.
   *
   * @param entities entities in order; offsets are UTF-16 indices into the request text
   * @param modelVersion the NER model version
   * @param latencyMs time inside the model, milliseconds
   * @param truncated whether the text was processed in windows
   */
  public record EntitiesResponse(List<Entity> entities, String modelVersion, double latencyMs, boolean truncated) {
    static EntitiesResponse of(NerResult r) {
      return new EntitiesResponse(r.entities(), r.modelVersion().toString(), r.latency().toNanos() / 1e6,
          r.truncated());
    }
  }

  /**
   * Body of {@code POST /v1/feedback}.
   *
   * @param modelVersion the {@code modelVersion} of the answer being rated (required)
   * @param rating {@code up} or {@code down} (required)
   */
  public record FeedbackRequest(@Nullable String modelVersion, @Nullable String rating) {}

  /**
   * Answer of the feedback endpoint.
   *
   * @param modelVersion the rated version
   * @param outcome the recorded router outcome ({@code THUMBS_UP} or {@code THUMBS_DOWN})
   * @param abTest the thumbs-up A/B test of the stable version against the candidate, when one is served
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeedbackResponse(String modelVersion, String outcome, @Nullable AbTestResult abTest) {}
}
