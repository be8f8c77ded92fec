package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import io.intentops.core.InputLimits;
import io.intentops.core.NerResult;
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

/** Entity offsets always index the caller's original string, whatever it contains. */
class NerOffsetsPropertyTest {
  static Path dir;
  static NerPredictor predictor;
  static NerPredictor windowed;

  @BeforeContainer
  static void load() throws IOException {
    dir = Files.createTempDirectory("ner-tiny");
    HfTinyModel.write(dir);
    predictor = NerPredictor.builder().huggingFace(dir).build();
    windowed = NerPredictor.builder().huggingFace(dir).limits(InputLimits.custom().maxTokens(7).build()).build();
  }

  @AfterContainer
  static void close() throws IOException {
    predictor.close();
    windowed.close();
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> fragment = Arbitraries.of("John", "smith", "Paris", "NEW", "york", "London,", "Mary's",
        "👋", "🇫🇷", "Zoë", "São", "naïve", "https://t.co/x?a=1&b=2", "@mary_smith", "#paris", "e\u0301",
        "\u200b", "\u00a0", "(john)", "ÅNGSTRÖM", "日本", "x", "...", "don't", "\uD83D\uDE00john");
    Arbitrary<String> space = Arbitraries.of(" ", "  ", "\t", "\n", " \u3000 ", "\r\n");
    return Arbitraries.oneOf(fragment, fragment, space).list().ofMinSize(1).ofMaxSize(30)
        .map(l -> String.join("", l)).filter(NerOffsetsPropertyTest::accepted);
  }

  /** Texts the predictor accepts (InputLimits also treats zero-width characters as blank). */
  static boolean accepted(String s) {
    try {
      InputLimits.defaults().validate(s);
      return true;
    } catch (io.intentops.core.InvalidInputException e) {
      return false;
    }
  }

  @Property(tries = 150)
  void entityTextIsTheSubstringAtItsOffsets(@ForAll("texts") String text) {
    for (NerPredictor p : List.of(predictor, windowed)) {
      NerResult r = p.predict(text);
      int prevEnd = 0;
      for (Entity e : r.entities()) {
        assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
        assertThat(e.start()).isGreaterThanOrEqualTo(prevEnd);
        assertThat(Character.isWhitespace(e.text().charAt(0))).isFalse();
        assertThat(Character.isWhitespace(e.text().charAt(e.text().length() - 1))).isFalse();
        assertThat(Character.isLowSurrogate(text.charAt(e.start()))).isFalse();
        assertThat(e.score()).isBetween(0.0, 1.0);
        prevEnd = e.end();
      }
    }
  }

  @Property(tries = 60)
  void windowingFindsTheSameEntitiesForThisContextFreeModel(@ForAll("texts") String text) {
    assertThat(windowed.predict(text).entities().stream().map(e -> e.start() + ":" + e.end() + ":" + e.type()).toList())
        .isEqualTo(predictor.predict(text).entities().stream().map(e -> e.start() + ":" + e.end() + ":" + e.type())
            .toList());
  }
}
