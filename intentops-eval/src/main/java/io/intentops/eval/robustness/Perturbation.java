package io.intentops.eval.robustness;

import java.util.SplittableRandom;

/**
 * A seeded text perturbation: the same text and random state give the same output. Implementations
 * are immutable and thread-safe (all state is in the {@code random} argument); {@link Perturbations}
 * has the standard ones.
 */
public interface Perturbation {
  /** Short stable name, used as the key in {@code eval.json} (e.g. {@code typos}). */
  String name();

  /** What the perturbation does, with its rates, for reports. */
  String description();

  /**
   * The perturbed text.
   *
   * @param random the source of randomness for this one text (the suite derives it from the seed,
   *     the perturbation name and the text's index, so results do not depend on order)
   */
  String apply(String text, SplittableRandom random);
}
