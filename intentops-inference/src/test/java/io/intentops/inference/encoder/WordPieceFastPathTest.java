package io.intentops.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The Java WordPiece path of {@link TextTokenizer#encodeIds} gives the native tokenizer's ids, type
 * ids and truncation flag, and declines exactly the texts and tokenizers it cannot reproduce. The
 * dataset-wide comparison is TokenizerFastPathDatasetTest in intentops-models.
 */
class WordPieceFastPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Word characters, punctuation, whitespace kinds and the words that split into several pieces.
  private static final String[] PARTS = {"card", "Card", "CARD", "transfer", "refund", "unbelievably", "xqzt",
      "hello", "top-up", "it's", "1,000", "$", "?", "!", "...", "&", "#", "~", "`", "\\", "\"", "'", " ", "  ",
      "\t", "\n", "\r\n", "0", "42", "abc123", "ATM", "pin", "Pls", "e-mail", "naïve", "élan", "(", ")", "{", "}",
      "_", "^", "|", "<", ">", "@", "=", "+", "*", "/", ";", ":", ","};

  @Test
  void randomAsciiTextsMatchTheNativeTokenizer() {
    for (String file : List.of(TestModels.BGE_TOKENIZER, TestModels.MINILM_TOKENIZER)) {
      byte[] json = ModelResource.classpath(file).readAllBytes();
      for (int limit : new int[] {3, 8, 32, 128}) {
        try (TextTokenizer native_ = TextTokenizer.load(json, file, limit)) {
          WordPieceFastPath fast = WordPieceFastPath.of(json, limit);
          assertThat(fast).as(file).isNotNull();
          SplittableRandom rnd = new SplittableRandom(2025);
          for (int t = 0; t < 3000; t++) {
            String text = randomText(rnd);
            compare(native_, fast, text, file + " limit " + limit);
          }
        }
      }
    }
  }

  @Test
  void longWordsAroundTheCharacterLimitMatch() {
    byte[] json = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    try (TextTokenizer native_ = TextTokenizer.load(json, "bge", 128)) {
      WordPieceFastPath fast = WordPieceFastPath.of(json, 128);
      for (int len = 90; len <= 110; len++) {
        compare(native_, fast, "a".repeat(len), "len " + len);
        compare(native_, fast, "card " + "transfer".repeat(len / 8 + 1).substring(0, len) + " now", "len " + len);
        compare(native_, fast, "x" + "9".repeat(len - 1), "len " + len);
      }
    }
  }

  @Test
  void edgeTextsMatch() {
    byte[] json = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    for (int limit : new int[] {3, 4, 5, 128}) {
      try (TextTokenizer native_ = TextTokenizer.load(json, "bge", limit)) {
        WordPieceFastPath fast = WordPieceFastPath.of(json, limit);
        for (String text : List.of("", " ", "\t\n\r", "a", "A", "?", "a b", "a  b ", "ab", "ab cd ef", "unbelievably",
            "!!!", "a.b.c", "don't", "  lead", "trail  ", "x".repeat(1000), "word ".repeat(300))) {
          compare(native_, fast, text, "limit " + limit);
        }
      }
    }
  }

  /** The same shape with lowercase off (a cased BERT vocabulary) keeps letter case. */
  @Test
  void aCasedVariantMatches() throws Exception {
    ObjectNode root = bgeJson();
    ((ObjectNode) root.path("normalizer")).put("lowercase", false);
    byte[] bytes = JSON.writeValueAsBytes(root);
    try (TextTokenizer native_ = TextTokenizer.load(bytes, "cased", 64)) {
      WordPieceFastPath fast = WordPieceFastPath.of(bytes, 64);
      assertThat(fast).isNotNull();
      SplittableRandom rnd = new SplittableRandom(2025);
      for (int t = 0; t < 2000; t++) {
        compare(native_, fast, randomText(rnd), "cased");
      }
    }
  }

  /** Texts the path cannot reproduce go to the native tokenizer, and encodeIds still equals encode. */
  @Test
  void declinesNonAsciiControlsAndAddedTokens() {
    byte[] json = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    WordPieceFastPath fast = WordPieceFastPath.of(json, 64);
    try (TextTokenizer t = TextTokenizer.load(json, "bge", 64)) {
      assertThat(t.hasFastPath()).isTrue();
      for (String text : List.of("naïve", "café", "[CLS] card", "my [MASK]", "a\u0000b", "bell\u0007", "del\u007f",
          "\u00a0nbsp", "日本", "emoji \uD83D\uDE00", "[")) {
        assertThat(fast.encode(text)).as(text).isNull();
        TokenizedText full = t.encode(text);
        TokenizedText ids = t.encodeIds(text);
        assertThat(ids.ids()).as(text).isEqualTo(full.ids());
        assertThat(ids.truncated()).as(text).isEqualTo(full.truncated());
      }
    }
  }

  /** Other pipelines get no fast path; untruncated (NER) tokenizers neither. */
  @Test
  void otherShapesHaveNoFastPath() throws Exception {
    assertThat(WordPieceFastPath.of(JSON.writeValueAsBytes(bgeJson()), 64)).isNotNull();
    assertThat(WordPieceFastPath.of(JSON.writeValueAsBytes(bgeJson()), TextTokenizer.UNLIMITED)).isNull();
    assertThat(WordPieceFastPath.of("not json".getBytes(StandardCharsets.UTF_8), 64)).isNull();
    assertThat(WordPieceFastPath.of("{}".getBytes(StandardCharsets.UTF_8), 64)).isNull();
    List<Consumer<ObjectNode>> changes = List.of(
        r -> ((ObjectNode) r.path("pre_tokenizer")).put("type", "Whitespace"),
        r -> ((ObjectNode) r.path("normalizer")).put("type", "Lowercase"),
        r -> ((ObjectNode) r.path("model")).put("type", "BPE"),
        r -> ((ObjectNode) r.path("model")).put("unk_token", "<nope>"),
        r -> ((ObjectNode) r.path("post_processor").path("single").get(1).path("Sequence")).put("type_id", 1),
        r -> ((ObjectNode) r.path("post_processor").path("single").get(0).path("SpecialToken")).put("type_id", 1),
        r -> ((ArrayNode) r.path("post_processor").path("single")).remove(2),
        r -> ((ObjectNode) r.path("added_tokens").get(0)).put("content", "pad"));
    for (int i = 0; i < changes.size(); i++) {
      ObjectNode root = bgeJson();
      changes.get(i).accept(root);
      assertThat(WordPieceFastPath.of(JSON.writeValueAsBytes(root), 64)).as("change %d", i).isNull();
    }
    try (TextTokenizer untruncated = TextTokenizer.loadUntruncated(JSON.writeValueAsBytes(bgeJson()), "bge")) {
      assertThat(untruncated.hasFastPath()).isFalse();
    }
  }

  private static ObjectNode bgeJson() throws java.io.IOException {
    return (ObjectNode) JSON.readTree(ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes());
  }

  private static String randomText(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder();
    int parts = rnd.nextInt(40);
    for (int i = 0; i < parts; i++) {
      if (rnd.nextInt(6) == 0) {
        b.append((char) (0x20 + rnd.nextInt(0x5f))); // any printable ASCII, including '['
      } else {
        b.append(PARTS[rnd.nextInt(PARTS.length)]);
      }
      if (rnd.nextBoolean()) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  private static void compare(TextTokenizer native_, @Nullable WordPieceFastPath fast, String text, String what) {
    assertThat(fast).isNotNull();
    TokenizedText want = native_.encode(text);
    TokenizedText got = fast.encode(text);
    if (got == null) {
      assertThat(text.chars().anyMatch(c -> c == '[' || c > 0x7e || c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
          .as("declined %s: '%s'", what, text).isTrue();
      return;
    }
    assertThat(got.ids()).as("%s: '%s'", what, text).isEqualTo(want.ids());
    assertThat(got.typeIds()).as("%s: '%s'", what, text).isEqualTo(want.typeIds());
    assertThat(got.truncated()).as("%s truncated: '%s'", what, text).isEqualTo(want.truncated());
  }
}
