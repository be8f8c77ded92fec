package io.intentops.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.policy.Role;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
  static final ObjectMapper M = new ObjectMapper();

  static JsonNode json(String s) throws Exception {
    return M.readTree(s);
  }

  static final String GOOD = """
      {"metrics": {"accuracy": 0.93, "bias_disparity": 0.05, "risk_score": 0.12, "fairness_flags": 0,
        "banking77": {"accuracy": {"value": 0.931, "ci_lower": 0.92, "ci_upper": 0.94}},
        "wnut17.entity_f1": 0.47, "oos": {"auroc": 0.91}, "ece": 0.021}}
      """;

  @Test
  void defaultPolicyRequiresBothApprovalsWhenEveryFloorHolds() throws Exception {
    PolicyVerdict v = Policy.defaultPolicy().evaluate(json(GOOD));
    assertThat(v.action()).isEqualTo(PolicyAction.REQUIRE_APPROVAL);
    assertThat(v.matchedRule()).isEqualTo(1);
    assertThat(v.requiredRoles()).containsExactly(Role.ML_LEAD, Role.PRODUCT_OWNER);
    assertThat(v.checks()).filteredOn(c -> c.rule() == 1).hasSize(8).allMatch(ThresholdCheck::passed);
    // Nested objects, dotted keys and {"value": x} metric objects all resolve.
    assertThat(v.checks()).filteredOn(c -> c.metric().equals("metrics.banking77.accuracy"))
        .singleElement().satisfies(c -> assertThat(c.actual().asDouble()).isEqualTo(0.931));
  }

  @ParameterizedTest
  @CsvSource({
      "'\"accuracy\": 0.93', '\"accuracy\": 0.79'",
      "'\"bias_disparity\": 0.05', '\"bias_disparity\": 0.21'",
      "'\"risk_score\": 0.12', '\"risk_score\": 0.41'",
      "'\"value\": 0.931', '\"value\": 0.919'",
      "'\"wnut17.entity_f1\": 0.47', '\"wnut17.entity_f1\": 0.44'",
      "'\"auroc\": 0.91', '\"auroc\": 0.84'",
      "'\"ece\": 0.021', '\"ece\": 0.031'",
      "', \"ece\": 0.021', ''",
  })
  void eachFloorOrMissingMetricDenies(String from, String to) throws Exception {
    String report = GOOD.replace(from, to == null ? "" : to);
    assertThat(report).isNotEqualTo(GOOD);
    PolicyVerdict v = Policy.defaultPolicy().evaluate(json(report));
    assertThat(v.action()).isEqualTo(PolicyAction.DENY);
    assertThat(v.matchedRule()).isEqualTo(-1);
    assertThat(v.checks()).anyMatch(c -> !c.passed());
  }

  @Test
  void fairnessFlagsDenyThroughTheFirstRule() throws Exception {
    PolicyVerdict v = Policy.defaultPolicy().evaluate(json(GOOD.replace("\"fairness_flags\": 0", "\"fairness_flags\": 2")));
    assertThat(v.action()).isEqualTo(PolicyAction.DENY);
    assertThat(v.matchedRule()).isEqualTo(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown metric | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":0.8}},\"then\":\"allow\"},{\"when\":{\"metrics.accuracy\":{\">=\":0.8}},\"then\":\"allow\"},{\"when\":{\"metrics.acc\":{\">=\":0.8}},\"then\":\"allow\"}]} | rules[2].when.metrics.acc: unknown metric",
      "unknown operator | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\"=>\":0.8}},\"then\":\"allow\"}]} | rules[0].when.metrics.accuracy.=>: unknown operator '=>'",
      "unknown action | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":0.8}},\"then\":\"maybe\"}]} | rules[0].then: unknown action 'maybe'",
      "missing then | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":0.8}}}]} | rules[0].then: required",
      "non-numeric operand | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":\"high\"}},\"then\":\"allow\"}]} | rules[0].when.metrics.accuracy.>=: expected a number",
      "numeric op on string | {\"name\":\"p\",\"rules\":[{\"when\":{\"model.name\":{\">\":1}},\"then\":\"allow\"}]} | rules[0].when.model.name.>: operator > needs a numeric metric",
      "in needs array | {\"name\":\"p\",\"rules\":[{\"when\":{\"model.task\":{\"in\":\"intent\"}},\"then\":\"allow\"}]} | rules[0].when.model.task.in: expected a non-empty array",
      "exists needs boolean | {\"name\":\"p\",\"rules\":[{\"when\":{\"fairness.flags\":{\"exists\":1}},\"then\":\"deny\"}]} | rules[0].when.fairness.flags.exists: expected true or false",
      "require_approval without roles | {\"name\":\"p\",\"rules\":[{\"when\":{},\"then\":\"require_approval\"}]} | rules[0].approver_roles: required non-empty array",
      "unknown role | {\"name\":\"p\",\"rules\":[{\"when\":{},\"then\":\"require_approval\",\"approver_roles\":[\"ML_LEAD\",\"CEO\"]}]} | rules[0].approver_roles[1]: Unknown role 'CEO'",
      "roles on deny | {\"name\":\"p\",\"rules\":[{\"when\":{},\"then\":\"deny\",\"approver_roles\":[\"ML_LEAD\"]}]} | rules[0].approver_roles: only allowed",
      "unknown rule field | {\"name\":\"p\",\"rules\":[{\"if\":{},\"then\":\"deny\"}]} | rules[0].if: unknown field",
      "unknown top field | {\"name\":\"p\",\"rulez\":[]} | rulez: unknown field",
      "rules not array | {\"name\":\"p\",\"rules\":{}} | rules: required array",
      "missing name | {\"rules\":[]} | name: required",
      "bad default | {\"name\":\"p\",\"rules\":[],\"default\":\"require_approval\"} | default: must be",
      "condition not object | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":0.8},\"then\":\"allow\"}]} | rules[0].when.metrics.accuracy: expected a non-empty object",
      "duplicate key | {\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":0.8},\"metrics.accuracy\":{\"<\":0.9}},\"then\":\"allow\"}]} | $: malformed JSON",
      "truncated JSON | {\"name\":\"p\",\"rules\":[ | $: malformed JSON at line 1",
  })
  void malformedPoliciesAreRejectedAtLoadWithTheJsonPath(String what, String policy, String message) {
    assertThatThrownBy(() -> Policy.parse(policy, "test.json", MetricCatalogue.defaults()))
        .as(what)
        .isInstanceOf(PolicyFormatException.class)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(message)
        .hasMessageContaining("test.json");
  }

  @Test
  void operatorsBehaveAsDocumented() throws Exception {
    String p = """
        {"name": "ops", "rules": [
          {"when": {"model.task": {"in": ["intent", "oos"]}, "model.name": {"!=": "legacy"},
                    "fairness.flags": {"exists": false}, "metrics.ece": {"<": 0.05, ">": 0.0}},
           "then": "allow"}],
         "default": "deny"}
        """;
    Policy policy = Policy.parse(p, "ops", MetricCatalogue.defaults());
    assertThat(policy.evaluate(json("{\"model\":{\"task\":\"intent\",\"name\":\"b77\"},\"metrics\":{\"ece\":0.02}}")).action())
        .isEqualTo(PolicyAction.ALLOW);
    assertThat(policy.evaluate(json("{\"model\":{\"task\":\"ner\",\"name\":\"b77\"},\"metrics\":{\"ece\":0.02}}")).action())
        .isEqualTo(PolicyAction.DENY);
    assertThat(policy.evaluate(json("{\"model\":{\"task\":\"intent\",\"name\":\"legacy\"},\"metrics\":{\"ece\":0.02}}")).action())
        .isEqualTo(PolicyAction.DENY);
    assertThat(policy.evaluate(json("{\"model\":{\"task\":\"intent\",\"name\":\"b77\"},\"fairness\":{\"flags\":[\"x\"]},\"metrics\":{\"ece\":0.02}}")).action())
        .isEqualTo(PolicyAction.DENY);
    // A missing value never satisfies != (absence is not evidence).
    assertThat(policy.evaluate(json("{\"model\":{\"task\":\"intent\"},\"metrics\":{\"ece\":0.02}}")).action())
        .isEqualTo(PolicyAction.DENY);
  }

  @Property(tries = 200, seed = "2025")
  void thresholdIsInclusiveExactlyAtTheFloor(@ForAll @DoubleRange(min = 0, max = 1) double floor,
      @ForAll @DoubleRange(min = 0, max = 1) double accuracy) throws Exception {
    Policy p = Policy.parse("{\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":" + floor
        + "}},\"then\":\"allow\"}]}", "p", MetricCatalogue.defaults());
    PolicyAction a = p.evaluate(json("{\"metrics\":{\"accuracy\":" + accuracy + "}}")).action();
    assertThat(a).isEqualTo(accuracy >= floor ? PolicyAction.ALLOW : PolicyAction.DENY);
    assertThat(p.evaluate(json("{\"metrics\":{\"accuracy\":" + floor + "}}")).action()).isEqualTo(PolicyAction.ALLOW);
  }
}
