package io.intentops.inference.encoder;

import java.util.List;

/**
 * Several tokenised texts padded to the longest one, as flat row-major {@code [batchSize, seqLen]}
 * arrays ready for ONNX Runtime. Padding positions have id 0, type 0 and attention mask 0. Treat the
 * arrays as read-only.
 *
 * @param items the unpadded tokenisations, in input order
 * @param seqLen padded length (longest item)
 * @param inputIds {@code batchSize * seqLen} token ids
 * @param attentionMask {@code batchSize * seqLen} mask, 1 for real tokens
 * @param typeIds {@code batchSize * seqLen} token type ids
 */
public record TokenBatch(List<TokenizedText> items, int seqLen, long[] inputIds, long[] attentionMask, long[] typeIds) {

  /** Pads {@code items} to the longest of them. */
  public static TokenBatch of(List<TokenizedText> items) {
    int len = 1;
    for (TokenizedText t : items) {
      len = Math.max(len, t.length());
    }
    int b = items.size();
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int i = 0; i < b; i++) {
      TokenizedText t = items.get(i);
      int off = i * len;
      System.arraycopy(t.ids(), 0, ids, off, t.length());
      System.arraycopy(t.typeIds(), 0, types, off, t.length());
      java.util.Arrays.fill(mask, off, off + t.length(), 1L);
    }
    return new TokenBatch(List.copyOf(items), len, ids, mask, types);
  }

  /** Number of texts. */
  public int batchSize() {
    return items.size();
  }
}
