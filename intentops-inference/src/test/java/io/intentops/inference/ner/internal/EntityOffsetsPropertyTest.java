package io.intentops.inference.ner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import io.intentops.inference.internal.Softmax;
import io.intentops.inference.ner.NerPredictor.Decoding;
import io.intentops.inference.ner.NerPredictor.WordScores;
import io.intentops.inference.spi.BioDecoder;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the text (any UTF-16, surrogate pairs, any whitespace) and whatever the model says about
 * its words, decoded entities point into the original text: {@code text.substring(start, end)} is the
 * entity text, spans are ordered, disjoint, start and end at word borders and never cut a surrogate
 * pair. Runs the decoding path without a model, so it can try many more inputs than the model test.
 */
class EntityOffsetsPropertyTest {
  static final List<String> LABELS = List.of("O", "B-person", "I-person", "B-location", "I-location", "B-product",
      "I-product");
  static final BioDecoder DECODER = new BioDecoder(LABELS);

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> fragment = Arbitraries.of("John", "Paris", "👋", "🇫🇷", "e\u0301", "\u200b", "\u00a0", "日本",
        "https://t.co/x", "@m_s", "\uD83D\uDE00x", "Zoë");
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(6);
    Arbitrary<String> space = Arbitraries.of(" ", "  ", "\t", "\n", "\u3000", "\r\n", "\u2028");
    return Arbitraries.oneOf(fragment, any, space, space).list().ofMaxSize(25).map(l -> String.join("", l));
  }

  @Property(tries = 1000, seed = "2025")
  void entitiesPointIntoTheOriginalText(@ForAll("texts") String text, @ForAll long seed,
      @ForAll boolean greedy) {
    Windowing.Words words = Windowing.Words.of(text);
    Random r = new Random(seed);
    float[][] probs = new float[words.words().size()][];
    for (int w = 0; w < probs.length; w++) {
      float[] logits = new float[LABELS.size()];
      for (int l = 0; l < logits.length; l++) {
        logits[l] = (float) (r.nextGaussian() * 4);
      }
      probs[w] = Softmax.of(logits);
    }
    WordScores ws = new WordScores(words.words(), words.starts(), words.ends(), probs, false);
    double bias = r.nextDouble() * 6 - 3;
    List<Entity> entities = NerDecoding.entities(text, ws, bias, DECODER, greedy ? Decoding.GREEDY : Decoding.VITERBI);
    int prevEnd = 0;
    for (Entity e : entities) {
      assertThat(e.start()).isGreaterThanOrEqualTo(prevEnd);
      assertThat(e.end()).isGreaterThan(e.start()).isLessThanOrEqualTo(text.length());
      assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
      assertThat(e.start() == 0 || Character.isWhitespace(text.charAt(e.start() - 1))).isTrue();
      assertThat(e.end() == text.length() || Character.isWhitespace(text.charAt(e.end()))).isTrue();
      boolean cutsPairAtStart = e.start() > 0 && Character.isHighSurrogate(text.charAt(e.start() - 1))
          && Character.isLowSurrogate(text.charAt(e.start()));
      boolean cutsPairAtEnd = e.end() < text.length() && Character.isHighSurrogate(text.charAt(e.end() - 1))
          && Character.isLowSurrogate(text.charAt(e.end()));
      assertThat(cutsPairAtStart || cutsPairAtEnd).isFalse();
      assertThat(List.of("person", "location", "product")).contains(e.type());
      assertThat(e.score()).isBetween(0.0, 1.0);
      prevEnd = e.end();
    }
  }
}
