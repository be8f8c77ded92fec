package io.intentops.inference.explain;

import io.intentops.core.ConfigurationException;
import java.util.Objects;

/**
 * One word of an explained text and how much it contributed. Offsets are UTF-16 indices into the
 * caller's original string: {@code text.substring(start, end).equals(word)}. Immutable.
 *
 * @param word the word as it appears in the text
 * @param start UTF-16 start offset, inclusive
 * @param end UTF-16 end offset, exclusive, greater than {@code start}
 * @param intent contribution to the predicted intent's calibrated probability (a difference of
 *     probabilities, in [-1, 1]); positive means the word supports the prediction
 * @param oos contribution to the out-of-scope score (in the score's own units, e.g. kNN cosine distance);
 *     positive means the word makes the text look more out of scope. 0 when the model has no OOS scorer
 */
public record WordAttribution(String word, int start, int end, double intent, double oos) {
  public WordAttribution {
    Objects.requireNonNull(word, "word");
    if (start < 0 || end <= start || end - start != word.length()) {
      throw new ConfigurationException("word span [" + start + ", " + end + ") does not fit a word of "
          + word.length() + " characters");
    }
    if (!Double.isFinite(intent) || !Double.isFinite(oos)) {
      throw new ConfigurationException("attributions must be finite, got intent " + intent + ", oos " + oos);
    }
  }
}
