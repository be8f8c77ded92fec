package io.intentops.eval.data;

import java.util.List;

/**
 * One token-classification example: tokens with one BIO tag each. Immutable and thread-safe.
 *
 * @param tokens the tokens, none empty
 * @param tags one tag per token ({@code O}, {@code B-type} or {@code I-type})
 */
public record TaggedSentence(List<String> tokens, List<String> tags) {
  public TaggedSentence {
    tokens = List.copyOf(tokens);
    tags = List.copyOf(tags);
    if (tokens.size() != tags.size()) {
      throw new IllegalArgumentException(
          "tokens and tags must have the same length, got " + tokens.size() + " and " + tags.size());
    }
  }

  /** The tokens joined with single spaces: the text a NER predictor is given for this sentence. */
  public String text() {
    return String.join(" ", tokens);
  }
}
