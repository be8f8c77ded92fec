package io.intentops.inference.encoder;

/**
 * One tokenised text, without padding. Arrays have one entry per token, special tokens included.
 * Character offsets are UTF-16 indices into the original string ({@code charStart} inclusive,
 * {@code charEnd} exclusive); special tokens have {@code charStart == charEnd == 0}. Treat the arrays
 * as read-only. A tokenisation made for an encoder run alone ({@link TextTokenizer#encodeIds}) carries
 * only the ids, type ids and truncation flag: its other arrays are empty and {@link #hasDetails()} is
 * false.
 *
 * @param text the original text
 * @param ids token ids
 * @param typeIds token type (segment) ids
 * @param tokens token strings as the tokenizer spells them (e.g. {@code ##ing})
 * @param wordIds index of the word each token belongs to, -1 for special tokens
 * @param special whether each token is a special token ({@code [CLS]}, {@code [SEP]})
 * @param charStart UTF-16 start offset of each token in {@code text}
 * @param charEnd UTF-16 end offset (exclusive) of each token in {@code text}
 * @param truncated whether the text had more tokens than the limit and was cut
 */
public record TokenizedText(
    String text,
    long[] ids,
    long[] typeIds,
    String[] tokens,
    long[] wordIds,
    boolean[] special,
    int[] charStart,
    int[] charEnd,
    boolean truncated) {

  private static final String[] NO_TOKENS = new String[0];
  private static final long[] NO_LONGS = new long[0];
  private static final boolean[] NO_FLAGS = new boolean[0];
  private static final int[] NO_INTS = new int[0];

  /** Ids, type ids and the truncation flag only (see {@link #hasDetails()}). */
  static TokenizedText idsOnly(String text, long[] ids, long[] typeIds, boolean truncated) {
    return new TokenizedText(text, ids, typeIds, NO_TOKENS, NO_LONGS, NO_FLAGS, NO_INTS, NO_INTS, truncated);
  }

  /**
   * Whether the per-token strings, word ids, special flags and offsets are present (one entry per
   * token); false for {@link TextTokenizer#encodeIds} results of non-empty token sequences.
   */
  public boolean hasDetails() {
    return tokens.length == ids.length;
  }

  /** Number of tokens, special tokens included. */
  public int length() {
    return ids.length;
  }
}
