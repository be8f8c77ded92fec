package io.intentops.core.capture;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One served intent prediction as capture stores it. The text a predictor hands over is the raw
 * request text; the capture pipeline replaces it with its redacted form ({@link #withText}) before
 * any sink sees it, so every stored record carries redacted text. Immutable and thread-safe.
 *
 * @param requestId the caller's request id (non-blank)
 * @param time when the prediction was served
 * @param modelVersion the version that answered
 * @param routingKeyHash salted hash of the routing key (never the key itself), or null when there was none
 * @param text the request text (raw when offered, redacted once stored)
 * @param label predicted in-scope label
 * @param score calibrated probability of {@code label}, in [0, 1]
 * @param topK the top-k labels, best first
 * @param outOfScope the OOS verdict
 * @param oosScore the OOS score (higher = more likely out of scope)
 * @param latency time spent in the predictor
 * @param embedding the projected pooled embedding, or null (only present when capture was configured
 *     with an embedding source; records written before it existed have none)
 */
public record CaptureRecord(
    String requestId,
    Instant time,
    ModelVersion modelVersion,
    @Nullable String routingKeyHash,
    String text,
    String label,
    double score,
    List<ScoredLabel> topK,
    boolean outOfScope,
    double oosScore,
    Duration latency,
    @Nullable ProjectedEmbedding embedding) implements CaptureEvent {

  public CaptureRecord {
    Feedback.requireId(requestId);
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(latency, "latency");
    topK = List.copyOf(topK);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    if (Double.isNaN(oosScore)) {
      throw new IllegalArgumentException("oosScore must not be NaN");
    }
  }

  /** A record without an embedding (the form before embeddings were captured). */
  public CaptureRecord(String requestId, Instant time, ModelVersion modelVersion, @Nullable String routingKeyHash,
      String text, String label, double score, List<ScoredLabel> topK, boolean outOfScope, double oosScore,
      Duration latency) {
    this(requestId, time, modelVersion, routingKeyHash, text, label, score, topK, outOfScope, oosScore, latency, null);
  }

  /** The record of {@code prediction}, served for {@code text} at {@code time}, without an embedding. */
  public static CaptureRecord of(String requestId, Instant time, @Nullable String routingKeyHash, String text,
      IntentPrediction prediction) {
    return of(requestId, time, routingKeyHash, text, prediction, null);
  }

  /** The record of {@code prediction} with its projected {@code embedding} (or null). */
  public static CaptureRecord of(String requestId, Instant time, @Nullable String routingKeyHash, String text,
      IntentPrediction prediction, @Nullable ProjectedEmbedding embedding) {
    return new CaptureRecord(requestId, time, prediction.modelVersion(), routingKeyHash, text, prediction.label(),
        prediction.score(), prediction.topK(), prediction.outOfScope(), prediction.oosScore(), prediction.latency(),
        embedding);
  }

  /** This record with its text replaced by {@code f(text)} (the pipeline's redaction). */
  public CaptureRecord withText(UnaryOperator<String> f) {
    return new CaptureRecord(requestId, time, modelVersion, routingKeyHash, f.apply(text), label, score, topK,
        outOfScope, oosScore, latency, embedding);
  }

  /** This record without its embedding (for a sink that must not store it). */
  public CaptureRecord withoutEmbedding() {
    return embedding == null ? this : new CaptureRecord(requestId, time, modelVersion, routingKeyHash, text, label,
        score, topK, outOfScope, oosScore, latency, null);
  }
}
