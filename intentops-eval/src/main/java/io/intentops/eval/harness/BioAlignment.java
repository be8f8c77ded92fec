package io.intentops.eval.harness;

import io.intentops.core.Entity;
import io.intentops.core.NerResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps predicted entities (character spans in the text made by joining tokens with single spaces) back
 * to one BIO tag per token, so CoNLL-style gold tags and span predictions can be compared.
 *
 * <p>Rule: a token is tagged with the first entity whose span overlaps it (shares at least one
 * character). The first token of an entity gets {@code B-type}, later tokens of the same entity
 * {@code I-type}; tokens no entity overlaps get {@code O}. A span that covers only part of a token
 * therefore tags the whole token, which is how word-level CoNLL scoring sees it. Stateless and thread-safe.
 */
public final class BioAlignment {
  private BioAlignment() {}

  /** The text a NER predictor gets for these tokens: the tokens joined with single spaces. */
  public static String join(List<String> tokens) {
    return String.join(" ", tokens);
  }

  /** Start offset of every token in {@link #join(List)}. */
  public static int[] tokenStarts(List<String> tokens) {
    int[] starts = new int[tokens.size()];
    int pos = 0;
    for (int i = 0; i < tokens.size(); i++) {
      starts[i] = pos;
      pos += tokens.get(i).length() + 1;
    }
    return starts;
  }

  /** One BIO tag per token for the entities of {@code result}. */
  public static List<String> toBio(List<String> tokens, NerResult result) {
    int[] starts = tokenStarts(tokens);
    List<Entity> entities = result.entities();
    List<String> tags = new ArrayList<>(tokens.size());
    int e = 0;
    int prevEntity = -1;
    for (int i = 0; i < tokens.size(); i++) {
      int s = starts[i];
      int end = s + tokens.get(i).length();
      while (e < entities.size() && entities.get(e).end() <= s) {
        e++; // entities are sorted and non-overlapping, so one pointer suffices
      }
      if (e < entities.size() && entities.get(e).start() < end) {
        String type = entities.get(e).type();
        tags.add((prevEntity == e ? "I-" : "B-") + type);
        prevEntity = e;
      } else {
        tags.add("O");
        prevEntity = -1;
      }
    }
    return tags;
  }
}
