package io.intentops.inference.explain;

import io.intentops.core.Entity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which words around an entity support its type: one {@link WordSupport} per word outside the entity, in
 * text order. Immutable.
 *
 * @param entity the entity as {@code predict} finds it
 * @param typeProbability mean over the entity's words of the probability of its type (any BIO tag of the type)
 * @param context the other words of the text with their support, ordered by {@code start}
 */
public record EntityExplanation(Entity entity, double typeProbability, List<WordSupport> context) {
  public EntityExplanation {
    Objects.requireNonNull(entity, "entity");
    context = List.copyOf(context);
  }

  /** The {@code k} context words that most support the type, highest first (ties: text order). */
  public List<WordSupport> topSupport(int k) {
    List<WordSupport> sorted = new ArrayList<>(context);
    sorted.sort(Comparator.comparingDouble(WordSupport::support).reversed().thenComparingInt(WordSupport::start));
    return List.copyOf(sorted.subList(0, Math.max(0, Math.min(k, sorted.size()))));
  }
}
