package io.intentops.governance.pii;

/**
 * One piece of personal data found in a text.
 *
 * @param type what it is
 * @param start offset of the first char (inclusive, UTF-16 units)
 * @param end offset after the last char (exclusive)
 */
public record PiiFinding(PiiType type, int start, int end) {
  public PiiFinding {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("Bad span [" + start + ", " + end + ")");
    }
  }
}
