package io.intentops.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of classifying one text: the most likely intent with its calibrated probability, the
 * top-k alternatives, and the out-of-scope verdict. Immutable and thread-safe.
 *
 * @param label the most likely in-scope intent (reported even when {@code outOfScope} is true, so
 *     callers can show "did you mean")
 * @param score calibrated probability of {@code label}, in [0, 1]
 * @param topK the k most likely labels, best first; the first entry equals ({@code label}, {@code score})
 * @param outOfScope whether the OOS scorer judged the text outside every known intent
 * @param oosScore the OOS score; higher means more likely out of scope; compare with the threshold in
 *     the model manifest
 * @param modelVersion version of the model that answered
 * @param latency wall time spent inside the predictor for this text (for a batch, the batch's time)
 * @param truncated whether the text was longer than the token limit and was truncated
 */
public record IntentPrediction(
    String label,
    double score,
    List<ScoredLabel> topK,
    boolean outOfScope,
    double oosScore,
    ModelVersion modelVersion,
    Duration latency,
    boolean truncated) {

  public IntentPrediction {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(latency, "latency");
    topK = List.copyOf(topK);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    if (topK.isEmpty() || !topK.get(0).label().equals(label)) {
      throw new IllegalArgumentException("topK must start with the predicted label '" + label + "'");
    }
    if (Double.isNaN(oosScore)) {
      throw new IllegalArgumentException("oosScore must not be NaN");
    }
  }

  /** The label to act on: {@code fallbackLabel} when out of scope, otherwise {@link #label()}. */
  public String labelOr(String fallbackLabel) {
    return outOfScope ? fallbackLabel : label;
  }
}
