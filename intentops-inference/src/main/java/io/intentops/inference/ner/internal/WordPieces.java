package io.intentops.inference.ner.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.intentops.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Tokenises pre-split words into word pieces and remembers which piece starts which word, the
 * alignment token classification needs (only a word's first piece is labelled). Thread-safe: the
 * Hugging Face tokenizer is immutable once loaded.
 */
public final class WordPieces implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final long clsId;
  private final long sepId;

  /**
   * Word pieces of a word sequence, without special tokens.
   *
   * @param ids piece ids
   * @param pieceWord index of the word each piece belongs to
   * @param firstPiece index of each word's first piece, or -1 when the word produced no piece
   *     (e.g. it consisted only of characters the normaliser removes)
   */
  public record Encoded(long[] ids, int[] pieceWord, int[] firstPiece) {}

  private WordPieces(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    Encoding e = tokenizer.encode("a", true, false);
    long[] ids = e.getIds();
    this.clsId = ids[0];
    this.sepId = ids[ids.length - 1];
  }

  /** Loads a {@code tokenizer.json}; {@code source} names it in errors. */
  public static WordPieces load(InputStream tokenizerJson, String source) {
    try {
      io.intentops.inference.encoder.internal.DjlTelemetry.optOut();
      return new WordPieces(HuggingFaceTokenizer.newInstance(tokenizerJson,
          Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false")));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("Cannot load tokenizer " + source + ": " + e.getMessage(), e);
    }
  }

  /** The id of the sequence-start token ({@code [CLS]}). */
  public long clsId() {
    return clsId;
  }

  /** The id of the sequence-end token ({@code [SEP]}). */
  public long sepId() {
    return sepId;
  }

  /** Word pieces of {@code words} (no special tokens). */
  public Encoded encode(List<String> words) {
    int n = words.size();
    int[] first = new int[n];
    Arrays.fill(first, -1);
    if (n == 0) {
      return new Encoded(new long[0], new int[0], first);
    }
    Encoding e = tokenizer.encode(words.toArray(String[]::new), false, false);
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
    return new Encoded(Arrays.copyOf(outIds, kept), Arrays.copyOf(pieceWord, kept), first);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
