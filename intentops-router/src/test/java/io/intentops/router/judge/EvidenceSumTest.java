package io.intentops.router.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Evidence#sum}: what the in-memory and PostgreSQL evidence exchanges combine instances with. */
class EvidenceSumTest {
  @Test
  void addsEveryCountAndMergesLabels() {
    Evidence a = new Evidence(3, 1, new long[] {2, 1}, 1, Map.of("x", 2L), 2, 1);
    Evidence b = new Evidence(4, 0, new long[] {1, 3}, 2, Map.of("x", 1L, "y", 3L), 1, 0);
    assertThat(Evidence.sum(List.of(a, b), 2))
        .isEqualTo(new Evidence(7, 1, new long[] {3, 4}, 3, Map.of("x", 3L, "y", 3L), 3, 1));
    assertThat(Evidence.sum(List.of(), 2)).isEqualTo(Evidence.empty(2));
  }

  @Test
  void refusesPartsWithAnotherBinCount() {
    assertThatThrownBy(() -> Evidence.sum(List.of(Evidence.empty(2), Evidence.empty(3)), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 latency bins cannot merge with 2");
  }
}
