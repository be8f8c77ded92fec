package io.intentops.inference.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer (DJL's Rust binding) that adds special tokens,
 * truncates to a token limit (flagging, never failing) and reports each token's UTF-16 character span
 * in the caller's string. Thread-safe: the native tokenizer is immutable after loading.
 * {@link #close()} frees the native handle; do not call it while other threads are encoding.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final Checksum sha256;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens, Checksum sha256) {
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.sha256 = sha256;
  }

  /**
   * Loads {@code tokenizer.json} from a file or classpath resource.
   *
   * @param maxTokens token limit including special tokens, at least 3
   * @throws ModelLoadException when the file is missing or not a valid tokenizer
   */
  public static TextTokenizer load(ModelResource resource, int maxTokens) {
    byte[] bytes = resource.readAllBytes();
    return load(bytes, resource.ref(), maxTokens);
  }

  /** Loads a tokenizer from the bytes of a {@code tokenizer.json}; {@code source} names it in errors. */
  public static TextTokenizer load(byte[] tokenizerJson, String source, int maxTokens) {
    if (maxTokens < 3) {
      throw new ConfigurationException("maxTokens must be >= 3, got " + maxTokens);
    }
    // Padding is ours (to the longest in a batch); truncation keeps the special tokens.
    Map<String, String> options = Map.of(
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxTokens),
        "addSpecialTokens", "true");
    try {
      io.intentops.inference.encoder.internal.DjlTelemetry.optOut();
      HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
      return new TextTokenizer(t, maxTokens, Checksum.sha256(tokenizerJson));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("Cannot load tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  /** The token limit, special tokens included. */
  public int maxTokens() {
    return maxTokens;
  }

  /** SHA-256 of the {@code tokenizer.json} bytes this tokenizer was loaded from. */
  public Checksum sha256() {
    return sha256;
  }

  /** Tokenises one text. */
  public TokenizedText encode(String text) {
    Encoding e;
    try {
      e = tokenizer.encode(text, true, false);
    } catch (RuntimeException ex) {
      throw new InferenceException("Tokenizer failed: " + ex.getMessage(), ex);
    }
    return convert(text, e);
  }

  /** Tokenises several texts and pads them to the longest. */
  public TokenBatch encodeBatch(List<String> texts) {
    List<TokenizedText> items = new ArrayList<>(texts.size());
    for (String t : texts) {
      items.add(encode(t));
    }
    return TokenBatch.of(items);
  }

  private TokenizedText convert(String text, Encoding e) {
    long[] ids = e.getIds();
    long[] types = e.getTypeIds();
    long[] mask = e.getAttentionMask();
    long[] special = e.getSpecialTokenMask();
    CharSpan[] spans = e.getCharTokenSpans();
    int n = ids.length;
    boolean[] isSpecial = new boolean[n];
    int[] start = new int[n];
    int[] end = new int[n];
    // DJL reports spans in Unicode code points; callers index Java strings in UTF-16 units.
    int[] cpToUtf16 = codePointToUtf16(text);
    int cps = cpToUtf16.length - 1;
    for (int i = 0; i < n; i++) {
      isSpecial[i] = special[i] != 0;
      CharSpan s = spans[i];
      if (s == null || isSpecial[i]) {
        continue;
      }
      int a = Math.min(Math.max(s.getStart(), 0), cps);
      int b = Math.min(Math.max(s.getEnd(), a), cps);
      start[i] = cpToUtf16[a];
      end[i] = cpToUtf16[b];
    }
    boolean truncated = e.exceedMaxLength() || e.getOverflowing().length > 0;
    for (long m : mask) {
      if (m == 0) {
        throw new InferenceException("Tokenizer returned padding although padding is disabled");
      }
    }
    return new TokenizedText(text, ids, types, e.getTokens(), e.getWordIds(), isSpecial, start, end, truncated);
  }

  private static int[] codePointToUtf16(String s) {
    int cps = s.codePointCount(0, s.length());
    int[] map = new int[cps + 1];
    int idx = 0;
    for (int cp = 0; cp < cps; cp++) {
      map[cp] = idx;
      idx += Character.charCount(s.codePointAt(idx));
    }
    map[cps] = s.length();
    return map;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
