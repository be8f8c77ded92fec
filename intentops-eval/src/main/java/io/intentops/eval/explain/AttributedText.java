package io.intentops.eval.explain;

import io.intentops.core.report.WordScore;
import java.util.List;
import java.util.Objects;

/**
 * An explained text as {@link Faithfulness} needs it. Immutable.
 *
 * @param text the explained text
 * @param target the explained (predicted) intent
 * @param confidence calibrated probability of {@code target} on the full text
 * @param outOfScope whether the text was flagged out of scope
 * @param oosScore its out-of-scope score
 * @param words the words in text order with their attributions; spans inside {@code text}, non-overlapping
 */
public record AttributedText(String text, String target, double confidence, boolean outOfScope, double oosScore,
    List<WordScore> words) {
  public AttributedText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(target, "target");
    words = List.copyOf(words);
    int prev = 0;
    for (WordScore w : words) {
      if (w.start() < prev || w.end() > text.length()) {
        throw new IllegalArgumentException("word spans must be ordered, non-overlapping and inside the text; got ["
            + w.start() + ", " + w.end() + ") after " + prev + " in a text of " + text.length() + " characters");
      }
      prev = w.end();
    }
  }
}
