package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyVerdict;

/**
 * Fuzzes the policy parser ({@link Policy#parse}): any text gives a policy or a typed rejection; a
 * policy that loads can always be evaluated (as its Javadoc promises), against any JSON report.
 */
class PolicyFuzzTest {
  private static final MetricCatalogue CATALOGUE = MetricCatalogue.defaults();
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "10s")
  void policy(FuzzedDataProvider in) {
    String policyJson = in.consumeString(4000);
    String reportJson = in.consumeRemainingAsString();
    Policy p = Typed.resultOrRejection(() -> Policy.parse(policyJson, "fuzz-policy.json", CATALOGUE));
    if (p == null) {
      return;
    }
    assertThat(p.name()).isNotBlank();
    JsonNode report;
    try {
      report = JSON.readTree(reportJson);
    } catch (JacksonException e) {
      return;
    }
    if (report == null) {
      return;
    }
    PolicyVerdict v = p.evaluate(report);
    assertThat(v.action()).isNotNull();
    assertThat(v.matchedRule()).isBetween(-1, p.rules().size() - 1);
  }
}
