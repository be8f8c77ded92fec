package io.intentops.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {
  private static TextTokenizer tokenizer;

  @BeforeContainer
  static void load() {
    tokenizer = TestModels.bgeTokenizer(32);
  }

  @AfterContainer
  static void close() {
    tokenizer.close();
  }

  private static TextTokenizer tok() {
    if (tokenizer == null) {
      load();
    }
    return tokenizer;
  }

  @Test
  void spansPointAtTheTokensInTheOriginalString() {
    String text = "I still haven't received my card";
    TokenizedText t = tok().encode(text);
    assertThat(t.tokens()[0]).isEqualTo("[CLS]");
    assertThat(t.tokens()[t.length() - 1]).isEqualTo("[SEP]");
    assertThat(t.special()[0]).isTrue();
    assertThat(t.truncated()).isFalse();
    int card = List.of(t.tokens()).indexOf("card");
    assertThat(text.substring(t.charStart()[card], t.charEnd()[card])).isEqualTo("card");
    int received = List.of(t.tokens()).indexOf("received");
    assertThat(text.substring(t.charStart()[received], t.charEnd()[received])).isEqualTo("received");
  }

  @Test
  void spansAreUtf16OffsetsEvenAfterAccentsAndEmoji() {
    String text = "caf\u00e9 \uD83D\uDE00 Z\u00fcrich card";
    TokenizedText t = tok().encode(text);
    int card = List.of(t.tokens()).indexOf("card");
    assertThat(card).isPositive();
    assertThat(text.substring(t.charStart()[card], t.charEnd()[card])).isEqualTo("card");
    // bge lower-cases and strips accents, but the span still covers the original characters
    int z = List.of(t.tokens()).indexOf("zurich");
    if (z >= 0) {
      assertThat(text.substring(t.charStart()[z], t.charEnd()[z])).isEqualTo("Z\u00fcrich");
    }
  }

  @Test
  void longTextIsTruncatedAndFlaggedNotRejected() {
    String text = "card ".repeat(100);
    TokenizedText t = tok().encode(text);
    assertThat(t.length()).isEqualTo(32);
    assertThat(t.truncated()).isTrue();
    assertThat(t.tokens()[31]).isEqualTo("[SEP]");
  }

  @Test
  void batchPadsToTheLongestWithZeroMask() {
    TokenBatch b = tok().encodeBatch(List.of("card", "where is my new card please"));
    assertThat(b.batchSize()).isEqualTo(2);
    assertThat(b.seqLen()).isEqualTo(b.items().get(1).length());
    int short0 = b.items().get(0).length();
    assertThat(b.attentionMask()[short0 - 1]).isEqualTo(1);
    assertThat(b.attentionMask()[short0]).isZero();
    assertThat(b.inputIds()[short0]).isZero();
  }

  @Test
  void digestIsOfTheTokenizerBytes() {
    byte[] bytes = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    assertThat(tok().sha256()).isEqualTo(io.intentops.core.Checksum.sha256(bytes));
  }

  @Test
  void invalidTokenizerJsonIsAModelLoadException() {
    assertThatThrownBy(() -> TextTokenizer.load("{not json".getBytes(StandardCharsets.UTF_8), "broken.json", 16))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("broken.json");
  }

  @Property(tries = 200)
  void spansStayInsideTheTextAndInOrder(@ForAll @StringLength(min = 1, max = 60) String text) {
    TokenizedText t = tok().encode(text);
    int prevStart = 0;
    for (int i = 0; i < t.length(); i++) {
      if (t.special()[i]) {
        continue;
      }
      assertThat(t.charStart()[i]).isBetween(0, text.length());
      assertThat(t.charEnd()[i]).isBetween(t.charStart()[i], text.length());
      assertThat(t.charStart()[i]).isGreaterThanOrEqualTo(prevStart);
      prevStart = t.charStart()[i];
    }
    assertThat(t.length()).isLessThanOrEqualTo(32);
  }

  @Property(tries = 300)
  void encodeIdsEqualsEncodeOnIdsTypesAndTruncation(@ForAll @StringLength(max = 200) String text) {
    TokenizedText full = tok().encode(text);
    TokenizedText fast = tok().encodeIds(text);
    assertThat(fast.ids()).containsExactly(full.ids());
    assertThat(fast.typeIds()).containsExactly(full.typeIds());
    assertThat(fast.truncated()).isEqualTo(full.truncated());
    assertThat(fast.text()).isSameAs(text);
    assertThat(full.hasDetails()).isTrue();
    assertThat(fast.hasDetails()).isEqualTo(fast.length() == 0);
  }

  @Test
  void encodeIdsFlagsTruncationOfALongText() {
    String text = "my card payment was declined again at the shop ".repeat(10);
    TokenizedText fast = tok().encodeIds(text);
    assertThat(fast.truncated()).isTrue();
    assertThat(fast.length()).isEqualTo(32);
    assertThat(fast.ids()).containsExactly(tok().encode(text).ids());
    assertThat(tok().encodeIds("card").truncated()).isFalse();
  }

  @Test
  void encodeIdsOnAClosedTokenizerIsATypedError() {
    TextTokenizer t = TestModels.bgeTokenizer(16);
    t.close();
    assertThatThrownBy(() -> t.encodeIds("card")).isInstanceOf(io.intentops.core.InferenceException.class)
        .hasMessageContaining("Tokenizer failed");
  }
}
