package io.intentops.core.report;

/**
 * One word of an explained text in {@code eval.json}: its UTF-16 span in the text and its attributions.
 * Immutable.
 *
 * @param start UTF-16 start offset, inclusive
 * @param end UTF-16 end offset, exclusive
 * @param intent contribution to the predicted intent's probability (positive: supports the prediction)
 * @param oos contribution to the out-of-scope score (positive: makes the text look out of scope)
 */
public record WordScore(int start, int end, double intent, double oos) {
  public WordScore {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("word span [" + start + ", " + end + ") is empty or negative");
    }
  }
}
