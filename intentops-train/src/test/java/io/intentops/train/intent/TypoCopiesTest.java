package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.eval.robustness.Perturbation;
import io.intentops.eval.robustness.Perturbations;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Typo copies depend on seed, copy and text only, so every subset of the data (near-OOS draws) gets the same copies. */
class TypoCopiesTest {
  @Test
  void copiesDependOnSeedCopyAndTextNotOnPosition() {
    Perturbation typos = Perturbations.typos();
    String text = "I still have not received my new card, what should I do?";
    String a = typos.apply(text, IntentTrainer.typoStream(2025, 0, text));
    assertThat(typos.apply(text, IntentTrainer.typoStream(2025, 0, text))).isEqualTo(a);
    Set<String> variants = new HashSet<>();
    for (int c = 0; c < 6; c++) {
      variants.add(typos.apply(text, IntentTrainer.typoStream(2025, c, text)));
    }
    assertThat(variants).hasSizeGreaterThan(3);
    assertThat(typos.apply(text, IntentTrainer.typoStream(7, 0, text))).isNotEqualTo(a);
    // two texts differing in one character do not share a stream
    List<String> pair = List.of("card declined", "card declines");
    assertThat(IntentTrainer.typoStream(2025, 0, pair.get(0)).nextLong())
        .isNotEqualTo(IntentTrainer.typoStream(2025, 0, pair.get(1)).nextLong());
  }
}
