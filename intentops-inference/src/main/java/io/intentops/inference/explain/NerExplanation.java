package io.intentops.inference.explain;

import io.intentops.core.NerResult;
import java.util.List;
import java.util.Objects;

/**
 * Why a text's entities got their types, by leave-one-word-out occlusion of the NER model. Immutable.
 *
 * @param text the caller's original text
 * @param result the entities of the full text (as {@code predict} returns them)
 * @param entities one explanation per entity of {@code result}, in the same order
 * @param textsScored number of texts (full and with one word removed) the model scored
 */
public record NerExplanation(String text, NerResult result, List<EntityExplanation> entities, int textsScored) {
  public NerExplanation {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(result, "result");
    entities = List.copyOf(entities);
  }
}
