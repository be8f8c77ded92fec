package io.intentops.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TextTokenizer#encodeWords}: the word-piece alignment NER training and serving share. */
class TextTokenizerWordsTest {
  static TextTokenizer words;

  @BeforeAll
  static void load() {
    words = TextTokenizer.loadUntruncated(ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes(), "bge");
  }

  @AfterAll
  static void close() {
    words.close();
  }

  @Test
  void alignsPiecesToWordsWithoutSpecialTokens() {
    TextTokenizer.WordPieces p = words.encodeWords(List.of("John", "unbelievably", "\u200b", "Paris"));
    assertThat(p.firstPiece()).hasSize(4);
    assertThat(p.firstPiece()[0]).isZero();
    assertThat(p.firstPiece()[2]).isEqualTo(-1); // a zero-width space gives no piece
    assertThat(p.ids()).hasSameSizeAs(p.pieceWord());
    assertThat(p.ids()).doesNotContain(words.clsId(), words.sepId());
    // Pieces of a word are contiguous and its first piece starts them.
    for (int i = 0; i < p.ids().length; i++) {
      assertThat(p.firstPiece()[p.pieceWord()[i]]).isLessThanOrEqualTo(i);
      if (i > 0) {
        assertThat(p.pieceWord()[i]).isGreaterThanOrEqualTo(p.pieceWord()[i - 1]);
      }
    }
    int unbelievably = p.firstPiece()[3] - p.firstPiece()[1];
    assertThat(unbelievably).isGreaterThan(1); // split into several word pieces
    assertThat(words.encodeWords(List.of()).ids()).isEmpty();
  }

  @Test
  void clsAndSepAreTheTokensEncodeAddsAroundAText() {
    try (TextTokenizer truncating = TestModels.bgeTokenizer(16)) {
      TokenizedText t = truncating.encode("hello");
      assertThat(words.clsId()).isEqualTo(t.ids()[0]).isEqualTo(truncating.clsId());
      assertThat(words.sepId()).isEqualTo(t.ids()[t.length() - 1]).isEqualTo(truncating.sepId());
      assertThat(words.encodeWords(List.of("hello")).ids()).containsExactly(t.ids()[1]);
    }
  }

  @Test
  void neverTruncatesWordsAndRefusesToAlignOnATruncatingTokenizer() {
    List<String> many = Collections.nCopies(2_000, "paris");
    assertThat(words.encodeWords(many).ids()).hasSize(2_000);
    assertThat(words.maxTokens()).isEqualTo(TextTokenizer.UNLIMITED);
    try (TextTokenizer truncating = TestModels.bgeTokenizer(16)) {
      assertThatThrownBy(() -> truncating.encodeWords(List.of("a")))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("loadUntruncated");
    }
  }

  @Test
  void rejectsABrokenTokenizerFile() {
    assertThatThrownBy(() -> TextTokenizer.loadUntruncated("{nope".getBytes(StandardCharsets.UTF_8), "bad.json"))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("bad.json");
  }
}
