package io.intentops.inference.explain;

import io.intentops.core.ConfigurationException;
import java.util.Objects;

/**
 * A context word of an entity and how much it supports the entity's type. Offsets are UTF-16 indices into
 * the original text: {@code text.substring(start, end).equals(word)}. Immutable.
 *
 * @param word the word
 * @param start UTF-16 start offset, inclusive
 * @param end UTF-16 end offset, exclusive
 * @param support the entity's mean type probability over its words minus the same with this word removed
 *     (a difference of probabilities in [-1, 1]; positive: the word supports the type)
 */
public record WordSupport(String word, int start, int end, double support) {
  public WordSupport {
    Objects.requireNonNull(word, "word");
    if (start < 0 || end <= start || end - start != word.length()) {
      throw new ConfigurationException("word span [" + start + ", " + end + ") does not fit a word of "
          + word.length() + " characters");
    }
    if (!Double.isFinite(support)) {
      throw new ConfigurationException("support must be finite, got " + support);
    }
  }
}
