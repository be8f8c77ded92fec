package io.intentops.core;

import java.util.Objects;

/**
 * A named entity found in a text. {@code start} and {@code end} are UTF-16 indices into the caller's
 * original string, so {@code original.substring(start, end).equals(text)} always holds. Immutable
 * and thread-safe.
 *
 * @param type entity type, e.g. {@code person}, {@code location}
 * @param start index of the first character (inclusive)
 * @param end index after the last character (exclusive)
 * @param text the entity's surface text
 * @param score confidence in [0, 1] (the mean probability of the entity's tokens by default)
 */
public record Entity(String type, int start, int end, String text, double score) {
  public Entity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("Entity span must satisfy 0 <= start < end, got [" + start + ", " + end + ")");
    }
    if (text.length() != end - start) {
      throw new IllegalArgumentException(
          "Entity text length " + text.length() + " does not match span [" + start + ", " + end + ")");
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
  }
}
