package io.intentops.inference.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Java BERT WordPiece tokeniser for the texts where it provably gives what the native tokenizer
 * gives: printable ASCII (plus tab, line feed and carriage return) under a {@code tokenizer.json} of
 * the exact BERT shape (BertNormalizer, BertPreTokenizer, WordPiece, a {@code [CLS] A [SEP]}
 * template with type id 0, right truncation). Any other text is declined ({@link #encode} returns
 * null) and goes to the native tokenizer; so is any text containing the first character of an added
 * token ({@code [} for BERT), because the native tokenizer matches added tokens before splitting.
 *
 * <p>Why: the native call costs 80-100 microseconds per text right after an encoder run (the JNI
 * crossing and the Rust allocations run with cold caches) against about 14 for this loop
 * (docs/performance.md), and a single prediction's Java budget is a few percent of a 5 ms encoder run.
 * On ASCII the BERT pipeline is simple: clean_text maps tab/LF/CR to a space, accent stripping and
 * CJK padding change nothing, lowercasing is ASCII lowercasing, pre-tokenisation splits on whitespace
 * and isolates each ASCII punctuation character, and WordPiece is greedy longest-match-first per word
 * with the unknown token for a word longer than {@code max_input_chars_per_word} or with no match.
 * Tests compare it with the native tokenizer on every text of the three datasets and on random ASCII.
 *
 * <p>Immutable and thread-safe.
 */
final class WordPieceFastPath {
  private final Map<String, Integer> vocab;
  private final String prefix;
  private final int maxChars;
  private final int unk;
  private final long cls;
  private final long sep;
  private final boolean lowercase;
  private final int maxTokens;
  /** ASCII characters (index = char) that start an added token: texts containing one are declined. */
  private final boolean[] addedStart = new boolean[128];

  private WordPieceFastPath(Map<String, Integer> vocab, String prefix, int maxChars, int unk, long cls, long sep,
      boolean lowercase, int maxTokens) {
    this.vocab = vocab;
    this.prefix = prefix;
    this.maxChars = maxChars;
    this.unk = unk;
    this.cls = cls;
    this.sep = sep;
    this.lowercase = lowercase;
    this.maxTokens = maxTokens;
  }

  /**
   * The fast path for a truncating tokenizer loaded from {@code json} with {@code maxTokens} (special
   * tokens included), or null when the file is not of the shape this class reproduces exactly.
   */
  static @Nullable WordPieceFastPath of(byte[] json, int maxTokens) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException | RuntimeException e) {
      return null; // the native loader reports a broken file
    }
    if (root == null || maxTokens < 3 || maxTokens == TextTokenizer.UNLIMITED) {
      return null;
    }
    JsonNode norm = root.path("normalizer");
    JsonNode model = root.path("model");
    JsonNode post = root.path("post_processor");
    if (!"BertNormalizer".equals(norm.path("type").asText()) || !norm.path("lowercase").isBoolean()
        || !"BertPreTokenizer".equals(root.path("pre_tokenizer").path("type").asText())
        || !"WordPiece".equals(model.path("type").asText()) || !model.path("vocab").isObject()
        || !model.path("continuing_subword_prefix").isTextual() || !model.path("max_input_chars_per_word").isInt()
        || !"TemplateProcessing".equals(post.path("type").asText())) {
      return null;
    }
    JsonNode single = post.path("single");
    if (!single.isArray() || single.size() != 3 || !single.get(1).path("Sequence").path("id").asText().equals("A")
        || single.get(1).path("Sequence").path("type_id").asInt(-1) != 0) {
      return null;
    }
    long[] special = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode t = single.get(i * 2).path("SpecialToken");
      JsonNode ids = post.path("special_tokens").path(t.path("id").asText()).path("ids");
      if (t.path("type_id").asInt(-1) != 0 || !ids.isArray() || ids.size() != 1 || !ids.get(0).canConvertToLong()) {
        return null;
      }
      special[i] = ids.get(0).asLong();
    }
    Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) {
        return null;
      }
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    Integer unk = vocab.get(model.path("unk_token").asText());
    if (unk == null) {
      return null;
    }
    WordPieceFastPath p = new WordPieceFastPath(vocab, model.path("continuing_subword_prefix").asText(),
        model.path("max_input_chars_per_word").asInt(), unk, special[0], special[1],
        norm.path("lowercase").asBoolean(), maxTokens);
    for (JsonNode a : root.path("added_tokens")) {
      String content = a.path("content").asText();
      if (content.isEmpty()) {
        return null;
      }
      char c = content.charAt(0);
      // An added token starting with a letter or digit could match inside ordinary words.
      if (c >= 128 || Character.isLetterOrDigit(c) || Character.isWhitespace(c)) {
        return null;
      }
      p.addedStart[c] = true;
    }
    return p;
  }

  /** Whether {@code c} survives in this path: printable ASCII, tab, LF or CR, not an added-token start. */
  private boolean accepts(char c) {
    return c < 128 && (c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c == '\r') && !addedStart[c];
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** The ids-only encoding of {@code text} as the native tokenizer gives it, or null when declined. */
  @Nullable TokenizedText encode(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (!accepts(text.charAt(i))) {
        return null;
      }
    }
    int cap = maxTokens - 2; // the template adds two special tokens
    long[] ids = new long[Math.min(cap, n) + 2];
    int count = 1; // ids[0] is [CLS]
    boolean truncated = false;
    char[] word = new char[Math.min(n, maxChars + 1)];
    int i = 0;
    while (i < n && !truncated) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      int j = i + 1;
      if (isWordChar(c)) {
        while (j < n && isWordChar(text.charAt(j))) {
          j++;
        }
      }
      int len = j - i;
      int[] pieces;
      if (len > maxChars) {
        pieces = new int[] {unk};
      } else {
        for (int t = 0; t < len; t++) {
          char w = text.charAt(i + t);
          word[t] = lowercase && w >= 'A' && w <= 'Z' ? (char) (w + ('a' - 'A')) : w;
        }
        pieces = wordPieces(word, len);
      }
      for (int id : pieces) {
        if (count - 1 == cap) {
          truncated = true;
          break;
        }
        ids[count++] = id;
      }
      i = j;
    }
    ids[0] = cls;
    ids[count++] = sep;
    long[] out = count == ids.length ? ids : java.util.Arrays.copyOf(ids, count);
    return TokenizedText.idsOnly(text, out, new long[count], truncated);
  }

  /** Greedy longest-match-first pieces of one word; the unknown token alone when a part has no match. */
  private int[] wordPieces(char[] word, int len) {
    int[] buf = new int[len];
    int count = 0;
    int start = 0;
    while (start < len) {
      int end = len;
      int found = -1;
      while (start < end) {
        String piece = start > 0 ? prefix + new String(word, start, end - start) : new String(word, start, end - start);
        Integer id = vocab.get(piece);
        if (id != null) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) {
        return new int[] {unk};
      }
      buf[count++] = found;
      start = end;
    }
    return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
  }
}
