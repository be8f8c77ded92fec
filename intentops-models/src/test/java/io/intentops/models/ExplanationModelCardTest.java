package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.governance.docs.ModelCardGenerator;
import io.intentops.governance.report.EvalReportAdapter;
import io.intentops.governance.report.GovernanceReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed faithfulness run ({@code eval/explanations/eval.json}, written by
 * {@link ExplanationFaithfulness} over the whole BANKING77 test split) reaches the governance report and
 * the model card: method, dataset size, AOPC values and both gains over random with their intervals.
 */
class ExplanationModelCardTest {
  private static final Path EVAL = Path.of("eval", "explanations", "eval.json");

  @Test
  void faithfulnessAppearsInTheGovernanceReportAndTheModelCard() throws Exception {
    GovernanceReport report = EvalReportAdapter.fromEvalJson(EVAL, "banking77-intent");
    JsonNode ex = report.json().path("explanations");
    assertThat(ex.path("method").asText()).isEqualTo("occlusion");
    assertThat(ex.path("examples").asInt()).isEqualTo(3080);
    JsonNode gain = ex.path("comprehensiveness_gain_vs_random");
    assertThat(gain.path("ci_lower").asDouble()).isPositive().isLessThan(gain.path("value").asDouble());
    assertThat(ex.path("sufficiency_gain_vs_random").path("ci_lower").asDouble()).isPositive();
    // not a risk component: the risk score describes the model's decisions, not its explanations
    assertThat(report.json().path("risk").path("components").has("explanations")).isFalse();

    String card = ModelCardGenerator.builder().build().generate(ReferenceModels.banking77IntentManifest(), report.json());
    assertThat(card).contains("## Explanations").contains("method `occlusion`").contains("(3080 texts)")
        .contains("| comprehensiveness gain over random | " + String.format(java.util.Locale.ROOT, "%.4f",
            gain.path("value").asDouble()));
    assertThat(card.indexOf("## Explanations")).isLessThan(card.indexOf("## Known risks and mitigations"));
  }

  @Test
  void aReportWithoutExplanationsHasNoSection() throws Exception {
    Path reference = Path.of("eval", "eval.json"); // the reference release's eval run
    assertThat(reference).exists();
    GovernanceReport report = EvalReportAdapter.fromEvalJson(reference, "banking77-intent");
    assertThat(report.json().has("explanations")).isFalse();
    assertThat(ModelCardGenerator.builder().build().generate(ReferenceModels.banking77IntentManifest(), report.json()))
        .doesNotContain("## Explanations");
  }
}
