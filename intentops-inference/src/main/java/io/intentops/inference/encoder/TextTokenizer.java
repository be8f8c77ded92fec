package io.intentops.inference.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The project's one Hugging Face {@code tokenizer.json} tokenizer (DJL's Rust binding). It serves two
 * uses: whole texts for sentence encoders ({@link #encode}: special tokens added, truncated to a token
 * limit (flagged, never failing), each token's UTF-16 character span in the caller's string), and
 * pre-split words for token classification ({@link #encodeWords}: word pieces without special tokens,
 * never truncated, with the piece-to-word alignment NER training and serving share; load such a
 * tokenizer with {@link #loadUntruncated}). Thread-safe: the native tokenizer is immutable after
 * loading. {@link #close()} frees the native handle; do not call it while other threads are encoding.
 */
public final class TextTokenizer implements AutoCloseable {
  /** {@link #maxTokens()} of a tokenizer from {@link #loadUntruncated}. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final Checksum sha256;
  private final long clsId;
  private final long sepId;
  private final @org.jspecify.annotations.Nullable WordPieceFastPath fastPath;
  private volatile boolean closed;

  /**
   * Word pieces of a word sequence, without special tokens.
   *
   * @param ids piece ids
   * @param pieceWord index of the word each piece belongs to
   * @param firstPiece index of each word's first piece, or -1 when the word produced no piece
   *     (e.g. it consisted only of characters the normaliser removes)
   */
  public record WordPieces(long[] ids, int[] pieceWord, int[] firstPiece) {}

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens, Checksum sha256,
      @org.jspecify.annotations.Nullable WordPieceFastPath fastPath) {
    this.tokenizer = tokenizer;
    this.fastPath = fastPath;
    this.maxTokens = maxTokens;
    this.sha256 = sha256;
    // The tokenizer's own sequence-start and -end tokens, as it places them around a one-word text.
    long[] ids = tokenizer.encode("a", true, false).getIds();
    this.clsId = ids.length > 0 ? ids[0] : -1;
    this.sepId = ids.length > 0 ? ids[ids.length - 1] : -1;
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
    return load(tokenizerJson, source, maxTokens, Map.of(
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxTokens),
        "addSpecialTokens", "true"));
  }

  /**
   * Loads a tokenizer that never truncates, for {@link #encodeWords} (token classification splits long
   * inputs into windows itself); {@link #maxTokens()} is {@link #UNLIMITED}.
   *
   * @throws ModelLoadException when the bytes are not a valid tokenizer
   */
  public static TextTokenizer loadUntruncated(byte[] tokenizerJson, String source) {
    return load(tokenizerJson, source, UNLIMITED,
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
  }

  private static TextTokenizer load(byte[] tokenizerJson, String source, int maxTokens, Map<String, String> options) {
    try {
      io.intentops.inference.encoder.internal.DjlTelemetry.optOut();
      HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
      try {
        // Only truncating tokenizers (the sentence-encoder use) get the Java path for encodeIds.
        WordPieceFastPath fast = maxTokens == UNLIMITED ? null : WordPieceFastPath.of(tokenizerJson, maxTokens);
        return new TextTokenizer(t, maxTokens, Checksum.sha256(tokenizerJson), fast);
      } catch (RuntimeException e) {
        t.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("Cannot load tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  /** The token limit, special tokens included ({@link #UNLIMITED} when loaded untruncated). */
  public int maxTokens() {
    return maxTokens;
  }

  /** The id of the sequence-start token ({@code [CLS]}), or -1 when the tokenizer adds none. */
  public long clsId() {
    return clsId;
  }

  /** The id of the sequence-end token ({@code [SEP]}), or -1 when the tokenizer adds none. */
  public long sepId() {
    return sepId;
  }

  /**
   * Word pieces of pre-split {@code words} (no special tokens, no truncation) and which piece starts
   * which word: the alignment token classification needs (only a word's first piece is labelled).
   *
   * @throws ConfigurationException when this tokenizer truncates (load it with {@link #loadUntruncated})
   * @throws InferenceException when the native tokenizer fails
   */
  public WordPieces encodeWords(List<String> words) {
    if (maxTokens != UNLIMITED) {
      throw new ConfigurationException("encodeWords needs a tokenizer from TextTokenizer.loadUntruncated; this one "
          + "truncates to " + maxTokens + " tokens");
    }
    int n = words.size();
    int[] first = new int[n];
    Arrays.fill(first, -1);
    if (n == 0) {
      return new WordPieces(new long[0], new int[0], first);
    }
    Encoding e;
    try {
      e = tokenizer.encode(words.toArray(String[]::new), false, false);
    } catch (RuntimeException ex) {
      throw new InferenceException("Tokenizer failed: " + ex.getMessage(), ex);
    }
    long[] ids = e.getIds();
    long[] wordIds = e.getWordIds();
    long[] special = e.getSpecialTokenMask();
    int kept = 0;
    long[] outIds = new long[ids.length];
    int[] pieceWord = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (special[i] != 0 || wordIds[i] < 0) {
        continue;
      }
      int w = (int) wordIds[i];
      if (first[w] < 0) {
        first[w] = kept;
      }
      outIds[kept] = ids[i];
      pieceWord[kept] = w;
      kept++;
    }
    return new WordPieces(Arrays.copyOf(outIds, kept), Arrays.copyOf(pieceWord, kept), first);
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

  /**
   * Tokenises one text for an encoder run only: the same ids, type ids and truncation flag as
   * {@link #encode}, with empty token strings, word ids, special flags and offsets
   * ({@link TokenizedText#hasDetails()} is false). Why: the token strings and character spans cost
   * further native calls and objects per text (about a third of a tokenisation that follows an encoder
   * run, docs/performance.md), and a prediction reads none of them. For BERT WordPiece tokenizers
   * and printable-ASCII texts the ids come from an equivalent Java tokeniser instead of the native
   * call (same ids, checked against the native tokenizer on all three datasets; about 14 instead of
   * 80-100 microseconds after an encoder run); other texts and tokenizers take the native call.
   *
   * @throws InferenceException when the tokenizer fails or was closed
   * @throws NullPointerException when {@code text} is null (checked here, before the native call)
   */
  public TokenizedText encodeIds(String text) {
    java.util.Objects.requireNonNull(text, "text");
    if (closed) {
      throw new InferenceException("Tokenizer failed: the tokenizer is closed");
    }
    WordPieceFastPath fast = fastPath;
    if (fast != null) {
      TokenizedText t = fast.encode(text);
      if (t != null) {
        return t;
      }
    }
    long[] ids;
    long[] types;
    int overflow;
    try {
      long handle = tokenizer.getHandle();
      TokenizersLibrary lib = TokenizersLibrary.LIB;
      long e = lib.encode(handle, text, true);
      try {
        ids = lib.getTokenIds(e);
        types = lib.getTypeIds(e);
        overflow = lib.getOverflowCount(e);
      } finally {
        lib.deleteEncoding(e);
      }
    } catch (RuntimeException ex) {
      throw new InferenceException("Tokenizer failed: " + ex.getMessage(), ex);
    }
    return TokenizedText.idsOnly(text, ids, types, overflow > 0);
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

  /** Whether {@link #encodeIds} has the Java path for this tokenizer (tests). */
  boolean hasFastPath() {
    return fastPath != null;
  }

  @Override
  public void close() {
    closed = true;
    tokenizer.close();
  }
}
