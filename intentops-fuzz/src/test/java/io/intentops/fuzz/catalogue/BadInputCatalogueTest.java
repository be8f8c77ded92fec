package io.intentops.fuzz.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every catalogue case throws exactly the expected type and message, or is accepted as documented. */
class BadInputCatalogueTest {
  /** Replaces the scratch directory in messages with {@code $TMP}. */
  static String normalise(String message) {
    return message.replace(Fixtures.ROOT.toString(), "$TMP");
  }

  @Test
  void catalogueHasAtLeast25CasesWithUniqueIds() {
    List<BadInput> cases = Catalogue.cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    assertThat(cases.stream().map(BadInput::id)).doesNotHaveDuplicates();
  }

  @TestFactory
  Stream<DynamicTest> everyCase() {
    return Catalogue.cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
      BadInput.Outcome o = c.execute();
      if (c.expectedType() == null) {
        assertThat(o.thrown()).as("%s must be accepted", c.id()).isNull();
        assertThat(o.behaviour()).isNotBlank();
      } else {
        assertThat(o.thrown()).as("%s must be rejected", c.id()).isNotNull();
        assertThat(o.thrown()).as("exception of %s", c.id()).isExactlyInstanceOf(c.expectedType());
        assertThat(normalise(o.thrown().getMessage())).isEqualTo(c.expectedMessage());
      }
    }));
  }
}
