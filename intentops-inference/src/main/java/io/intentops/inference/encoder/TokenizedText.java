package io.intentops.inference.encoder;

/**
 * One tokenised text, without padding. Arrays have one entry per token, special tokens included.
 * Character offsets are UTF-16 indices into the original string ({@code charStart} inclusive,
 * {@code charEnd} exclusive); special tokens have {@code charStart == charEnd == 0}. Treat the arrays
 * as read-only.
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

  /** Number of tokens, special tokens included. */
  public int length() {
    return ids.length;
  }
}
