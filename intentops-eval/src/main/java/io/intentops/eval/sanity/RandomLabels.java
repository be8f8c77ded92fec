package io.intentops.eval.sanity;

import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Label shuffling for the randomised-label check: the texts keep their order and the multiset of
 * labels is unchanged, but which text carries which label is a seeded random permutation
 * ({@link Collections#shuffle(List, Random)} with {@link Random}, both specified exactly by the Java
 * platform, so the result is the same on every JVM). Stateless and thread-safe.
 */
public final class RandomLabels {
  /** The project-wide seed. */
  public static final long DEFAULT_SEED = 2025L;

  private RandomLabels() {}

  /** Shuffles with {@value #DEFAULT_SEED}. */
  public static TextClassificationDataset shuffle(TextClassificationDataset d) {
    return shuffle(d, DEFAULT_SEED);
  }

  /**
   * A dataset with the same texts and a permutation of the labels; its manifest has split
   * {@code <split>-shuffled-<seed>} and new digests.
   */
  public static TextClassificationDataset shuffle(TextClassificationDataset d, long seed) {
    List<String> labels = new ArrayList<>(d.goldLabels());
    Collections.shuffle(labels, new Random(seed));
    List<LabeledText> out = new ArrayList<>(d.size());
    for (int i = 0; i < d.size(); i++) {
      out.add(new LabeledText(d.examples().get(i).text(), labels.get(i)));
    }
    return TextClassificationDataset.of(d.manifest().name(), d.manifest().split() + "-shuffled-" + seed, out);
  }
}
