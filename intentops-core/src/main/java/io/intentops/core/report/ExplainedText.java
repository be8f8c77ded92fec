package io.intentops.core.report;

import java.util.List;
import java.util.Objects;

/**
 * An explained text shown in the report: a high-confidence error or a text flagged out of scope, with
 * its word attributions. Immutable.
 *
 * @param kind why it is shown: {@code error} (wrong intent, ordered by confidence) or {@code oos}
 *     (flagged out of scope, ordered by OOS score)
 * @param text the text
 * @param gold its gold label
 * @param predicted the predicted label (the explained target)
 * @param confidence calibrated probability of {@code predicted}
 * @param oosScore the out-of-scope score
 * @param words the words, in text order, each span inside {@code text}
 */
public record ExplainedText(String kind, String text, String gold, String predicted, double confidence,
    double oosScore, List<WordScore> words) {
  public ExplainedText {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    words = List.copyOf(words);
    for (WordScore w : words) {
      if (w.end() > text.length()) {
        throw new IllegalArgumentException("word span [" + w.start() + ", " + w.end() + ") is outside a text of "
            + text.length() + " characters");
      }
    }
  }
}
