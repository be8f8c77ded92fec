package io.intentops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.explain.WordAttribution;
import io.intentops.inference.explain.Words;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Explanation offsets always point into the caller's original string, whatever it contains: emoji
 * (surrogate pairs, ZWJ sequences, flags, skin tones), precomposed and combining accents, URLs, CJK,
 * whitespace runs of every kind. Spans are non-empty, ordered and non-overlapping.
 */
class ExplainOffsetsPropertyTest {
  static Path dir;
  static IntentPredictor predictor;

  @BeforeContainer
  static void load() throws IOException {
    dir = Files.createTempDirectory("explain-tiny");
    predictor = IntentPredictor.builder().bundle(TestBundles.write(dir.resolve("b"))).intraOpThreads(1).build();
  }

  @AfterContainer
  static void close() throws IOException {
    predictor.close();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.of("card", "my", "top", "up", "rate", "haven't", "pin?", "£20", "e-mail", "arrive."),
        Arbitraries.of("caf\u00e9", "cafe\u0301", "n\u0303", "\u00fcber", "Z\u0351\u0362a\u0335lgo", "\u0915\u094d\u0937"),
        Arbitraries.of("\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83C\uDDEC\uD83C\uDDE7",
            "\uD83D\uDC4D\uD83C\uDFFD", "\u2764\uFE0F", "1\uFE0F\u20E3"),
        Arbitraries.of("https://bank.example/a?b=1&c=%20", "www.x.io/\u00e9", "user@mail.com"),
        Arbitraries.of("我的卡", "カード", "\u30ab\u3099", "\uD840\uDC00", "카드", "บัตร"),
        Arbitraries.of(" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", " \u200B "),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
        Arbitraries.integers().between(0x20, 0x2FFFF).filter(Character::isValidCodePoint)
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF).map(Character::toString));
    return pieces.list().ofMinSize(1).ofMaxSize(14).map(l -> String.join("", l));
  }

  @Property(tries = 1000, seed = "2025")
  void wordSpansAreOrderedNonOverlappingAndCoverEveryNonSpace(@ForAll("texts") String text) {
    List<int[]> spans = Words.split(text);
    int prevEnd = 0;
    boolean[] covered = new boolean[text.length()];
    for (int[] s : spans) {
      assertThat(s[0]).isGreaterThanOrEqualTo(prevEnd);
      assertThat(s[1]).isGreaterThan(s[0]).isLessThanOrEqualTo(text.length());
      assertThat(splitsSurrogatePair(text, s[0])).as("start splits a surrogate pair").isFalse();
      assertThat(splitsSurrogatePair(text, s[1])).as("end splits a surrogate pair").isFalse();
      for (int i = s[0]; i < s[1]; i++) {
        covered[i] = true;
      }
      prevEnd = s[1];
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean space = Words.isSeparator(cp);
      assertThat(covered[i]).as("code point U+%04X at %d", cp, i).isEqualTo(!space);
      i += Character.charCount(cp);
    }
  }

  @Property(tries = 60, seed = "2025")
  void explanationOffsetsPointIntoTheOriginalText(@ForAll("texts") String text) {
    int n = Words.split(text).size();
    if (!valid(text) || n == 0) {
      assertThatThrownBy(() -> predictor.explain(text)).isInstanceOf(InvalidInputException.class);
      return;
    }
    Explanation e = predictor.explain(text);
    assertThat(e.text()).isSameAs(text);
    assertThat(e.words()).hasSize(n);
    assertThat(e.textsScored()).isEqualTo(n + 1);
    int prevEnd = 0;
    for (WordAttribution w : e.words()) {
      assertThat(w.start()).isGreaterThanOrEqualTo(prevEnd);
      assertThat(text.substring(w.start(), w.end())).isEqualTo(w.word());
      assertThat(w.word().codePoints().noneMatch(Words::isSeparator)).isTrue();
      assertThat(w.intent()).isBetween(-1.0, 1.0);
      prevEnd = w.end();
    }
  }

  private static boolean valid(String text) {
    try {
      io.intentops.core.InputLimits.defaults().validate(text);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static boolean splitsSurrogatePair(String s, int i) {
    return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i));
  }
}
