package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelVersionTest {

  @Provide
  Arbitrary<ModelVersion> versions() {
    Arbitrary<Integer> part = Arbitraries.integers().between(0, 999_999_999);
    Arbitrary<Long> build = Arbitraries.longs().between(0, 999_999_999_999_999_999L);
    return Combinators.combine(part, part, part, build).as(ModelVersion::of);
  }

  @Property
  void parseIsInverseOfToString(@ForAll("versions") ModelVersion v) {
    assertThat(ModelVersion.parse(v.toString())).isEqualTo(v);
  }

  @Property
  void orderingIsAntisymmetricAndConsistentWithEquals(
      @ForAll("versions") ModelVersion a, @ForAll("versions") ModelVersion b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
  }

  @Property
  void orderingIsTransitive(
      @ForAll("versions") ModelVersion a, @ForAll("versions") ModelVersion b, @ForAll("versions") ModelVersion c) {
    List<ModelVersion> sorted = new ArrayList<>(List.of(a, b, c));
    Collections.sort(sorted);
    assertThat(sorted.get(0).compareTo(sorted.get(2))).isLessThanOrEqualTo(0);
  }

  @Property
  void orderIsNumericNotLexicographic(@ForAll @IntRange(min = 0, max = 1000) int minor) {
    ModelVersion lower = ModelVersion.of(1, minor, 9, 99);
    ModelVersion higher = ModelVersion.of(1, minor + 1, 0, 0);
    assertThat(higher).isGreaterThan(lower);
    assertThat(higher.isNewerThan(lower)).isTrue();
  }

  @Property
  void nextBuildIsNewer(@ForAll("versions") ModelVersion v) {
    org.assertj.core.api.Assumptions.assumeThat(v.build()).isLessThan(Long.MAX_VALUE);
    assertThat(v.nextBuild()).isGreaterThan(v);
  }

  @Test
  void comparesPartByPart() {
    assertThat(ModelVersion.parse("1.10.0-1")).isGreaterThan(ModelVersion.parse("1.9.9-99"));
    assertThat(ModelVersion.parse("2.0.0-0")).isGreaterThan(ModelVersion.parse("1.99.99-99"));
    assertThat(ModelVersion.parse("1.0.0-10")).isGreaterThan(ModelVersion.parse("1.0.0-9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.2", "1.2.3", "1.2.3-", "v1.2.3-4", "1.2.3-4 ", " 1.2.3-4", "1.2.3.4",
      "01.2.3-4", "1.02.3-4", "1.2.3-04", "-1.2.3-4", "1.2.3-x", "a.b.c-d", "1.2.3-4-5", "9999999999.0.0-0"})
  void rejectsMalformedStringsNamingTheInput(String text) {
    assertThatThrownBy(() -> ModelVersion.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> ModelVersion.parse(null))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).reason())
        .isEqualTo(InvalidInputException.Reason.NULL);
  }

  @Test
  void rejectsNegativeParts() {
    assertThatThrownBy(() -> ModelVersion.of(1, -1, 0, 0)).isInstanceOf(InvalidInputException.class);
  }
}
