package io.intentops.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional robustness section: absent reads as null, present round-trips, and it is read as strictly as the rest. */
class RobustnessJsonTest {
  static RobustnessSection section() {
    return new RobustnessSection(EvalJsonTest.dataset("banking77", "test"), 2025,
        new RobustnessSection.PerturbationScores("clean", "unperturbed texts", 3, 0, 2 / 3.0, 0.6, 0.0, 0, 0, 0),
        List.of(new RobustnessSection.PerturbationScores("typos", "one edit per 25 characters", 3, 3, 1 / 3.0, 0.3,
            2 / 3.0, 1 / 3.0, 0.3, 2 / 3.0)));
  }

  @Test
  void reportsWithoutTheSectionStillReadAndOnesWithItRoundTrip() throws Exception {
    EvalReport plain = EvalJsonTest.full(1.5, 0.2);
    String json = EvalJson.toJson(plain);
    assertThat(json).doesNotContain("robustness");
    assertThat(EvalJson.fromJson(json, "plain").robustness()).isNull();

    EvalReport with = plain.withRobustness(section());
    EvalReport back = EvalJson.fromJson(EvalJson.toJson(with), "with");
    assertThat(back).isEqualTo(with);
    assertThat(back.robustness().perturbed().get(0).falseOosRate()).isEqualTo(2 / 3.0);
  }

  @Test
  void aMissingRequiredRobustnessFieldIsNamedByPath() throws Exception {
    ObjectNode t = EvalJsonTest.tree(EvalJsonTest.full(1.5, 0.2).withRobustness(section()));
    ((ObjectNode) t.at("/robustness/perturbed/0")).remove("falseOosRate");
    String json = EvalJson.mapper().writeValueAsString(t);
    assertThatThrownBy(() -> EvalJson.fromJson(json, "x")).isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("$.robustness.perturbed[0].falseOosRate");
  }

  @Test
  void changedCountOutsideTheExamplesIsRejected() {
    assertThatThrownBy(() -> new RobustnessSection.PerturbationScores("typos", "x", 3, 4, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
