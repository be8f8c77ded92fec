package io.intentops.inference.explain;

import io.intentops.core.IntentPrediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Why a text got its prediction: one {@link WordAttribution} per word, in text order, non-overlapping.
 * Immutable.
 *
 * @param text the caller's original text
 * @param prediction the prediction on the full text (scored in the same batch as the perturbed texts)
 * @param target the explained intent: the predicted label
 * @param method how the attributions were estimated
 * @param words one attribution per word, ordered by {@code start}
 * @param textsScored number of texts (full, perturbed) the model scored for this explanation
 */
public record Explanation(String text, IntentPrediction prediction, String target, ExplanationMethod method,
    List<WordAttribution> words, int textsScored) {
  public Explanation {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    words = List.copyOf(words);
  }

  /** The {@code k} words that most support the predicted intent, highest attribution first (ties: text order). */
  public List<WordAttribution> topIntentWords(int k) {
    return top(k, Comparator.comparingDouble(WordAttribution::intent).reversed());
  }

  /** The {@code k} words that most push the text out of scope, highest OOS attribution first (ties: text order). */
  public List<WordAttribution> topOosWords(int k) {
    return top(k, Comparator.comparingDouble(WordAttribution::oos).reversed());
  }

  private List<WordAttribution> top(int k, Comparator<WordAttribution> order) {
    List<WordAttribution> sorted = new ArrayList<>(words);
    sorted.sort(order.thenComparingInt(WordAttribution::start));
    return List.copyOf(sorted.subList(0, Math.max(0, Math.min(k, sorted.size()))));
  }
}
