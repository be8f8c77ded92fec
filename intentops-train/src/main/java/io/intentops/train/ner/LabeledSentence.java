package io.intentops.train.ner;

import java.util.List;

/**
 * A training or evaluation sentence: its words and one BIO tag per word. Immutable and thread-safe.
 *
 * @param tokens the words
 * @param tags one tag per word ({@code O}, {@code B-type} or {@code I-type})
 */
public record LabeledSentence(List<String> tokens, List<String> tags) {
  public LabeledSentence {
    tokens = List.copyOf(tokens);
    tags = List.copyOf(tags);
    if (tokens.size() != tags.size()) {
      throw new IllegalArgumentException("Sentence has " + tokens.size() + " tokens but " + tags.size() + " tags");
    }
  }
}
