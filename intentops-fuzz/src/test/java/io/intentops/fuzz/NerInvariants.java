package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import java.util.List;
import java.util.Set;

/** Invariants of entity spans over the caller's original text. */
final class NerInvariants {
  private NerInvariants() {}

  /**
   * Spans lie within the text, match their surface text, are sorted and non-overlapping, start and end
   * at word boundaries (never inside a surrogate pair, never on whitespace), have a known type and a
   * score in [0, 1].
   */
  static void check(String text, List<Entity> entities, Set<String> types) {
    int prevEnd = 0;
    for (Entity e : entities) {
      assertThat(e.start()).isGreaterThanOrEqualTo(prevEnd);
      assertThat(e.end()).isGreaterThan(e.start()).isLessThanOrEqualTo(text.length());
      assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
      assertThat(Character.isWhitespace(e.text().charAt(0))).isFalse();
      assertThat(Character.isWhitespace(e.text().charAt(e.text().length() - 1))).isFalse();
      assertThat(e.start() == 0 || Character.isWhitespace(text.charAt(e.start() - 1))).as("starts a word").isTrue();
      assertThat(e.end() == text.length() || Character.isWhitespace(text.charAt(e.end()))).as("ends a word").isTrue();
      assertThat(Character.isLowSurrogate(text.charAt(e.start()))).isFalse();
      assertThat(Character.isHighSurrogate(text.charAt(e.end() - 1))).isFalse();
      assertThat(types).contains(e.type());
      assertThat(e.score()).isBetween(0.0, 1.0);
      prevEnd = e.end();
    }
  }
}
