package io.intentops.governance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.Task;
import io.intentops.core.report.ReportFormatException;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Field-by-field mapping of eval.json (fixture shaped like the harness output) to the governance report. */
class EvalReportAdapterTest {
  private static final ObjectMapper M = new ObjectMapper();

  static String evalJson() {
    return EvalJsonFixtures.evalJson();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mapsEveryCatalogueMetricFromTheEvalReport() {
    GovernanceReport g = EvalReportAdapter.defaults().adapt(bytes(evalJson()), "fixture", "b77");
    JsonNode r = g.json();
    assertThat(g.model()).isEqualTo("b77");
    assertThat(g.task()).isEqualTo(Task.INTENT);
    assertThat(g.evalJsonSha256()).isEqualTo(Checksum.sha256(bytes(evalJson())));
    assertThat(r.at("/model/version").asText()).isEqualTo("1.0.0-1");
    assertThat(r.at("/metrics/accuracy/value").asDouble()).isEqualTo(0.94);
    assertThat(r.at("/metrics/accuracy/ci_lower").asDouble()).isEqualTo(0.92);
    assertThat(r.at("/metrics/accuracy/ci_upper").asDouble()).isEqualTo(0.96);
    assertThat(r.at("/metrics/banking77/accuracy/value").asDouble()).isEqualTo(0.94);
    assertThat(r.at("/metrics/banking77/macro_f1").asDouble()).isEqualTo(0.93);
    assertThat(r.at("/metrics/macro_f1").asDouble()).isEqualTo(0.93);
    assertThat(r.at("/metrics/ece").asDouble()).isEqualTo(0.02);
    assertThat(r.at("/metrics/bias_disparity").asDouble()).isEqualTo(0.06);
    assertThat(r.at("/metrics/fairness_flags").asInt()).isZero();
    assertThat(r.at("/metrics/oos/auroc/value").asDouble()).isEqualTo(0.97);
    assertThat(r.at("/metrics/oos/recall").asDouble()).isEqualTo(0.9);
    assertThat(r.at("/metrics/oos/fpr_at_95tpr").asDouble()).isEqualTo(0.08);
    assertThat(r.at("/metrics/wnut17/entity_f1/value").asDouble()).isEqualTo(0.48);
    assertThat(r.at("/slices/length.short/accuracy/value").asDouble()).isEqualTo(0.90);
    assertThat(r.at("/slices/length.long/examples").asInt()).isEqualTo(180);
    assertThat(r.at("/source/eval_json_sha256").asText()).isEqualTo(g.evalJsonSha256().hex());
    assertThat(r.at("/source/code_commit").asText()).startsWith("0123456789");
    assertThat(r.at("/source/datasets/ner_test/name").asText()).isEqualTo("wnut17");
    // Intent risks: the largest off-diagonal confusion cells, largest first.
    assertThat(r.at("/risks/0").asText()).isEqualTo("predicts b for c: 11 of 100 c test texts");
    assertThat(r.at("/risks/1").asText()).isEqualTo("predicts a for b: 5 of 100 b test texts");
    // Every metric the default catalogue knows and eval.json can provide resolves.
    for (String name : MetricCatalogue.defaults().names()) {
      if (name.startsWith("metrics.") && !name.equals("metrics.latency_p99_ms")) {
        assertThat(g.metric(name)).as(name).isPresent();
      }
    }
  }

  @Test
  void riskScoreIsTheDocumentedWeightedMeanOfRealComponents() {
    GovernanceReport g = EvalReportAdapter.defaults().adapt(bytes(evalJson()), "fixture", "b77");
    double expected = (0.25 * (1 - 0.94) + 0.10 * 0.02 + 0.15 * (1 - 0.9) + 0.10 * 0.04 + 0.20 * 0.06 + 0.20 * (1 - 0.48))
        / (0.25 + 0.10 + 0.15 + 0.10 + 0.20 + 0.20);
    assertThat(g.metric("metrics.risk_score")).hasValueCloseTo(expected, within(1e-12));
    assertThat(g.json().at("/risk/components").size()).isEqualTo(6);
    // It moves with the metrics: a worse accuracy gives a higher risk.
    GovernanceReport worse = EvalReportAdapter.defaults().adapt(bytes(evalJson().replace("\"estimate\": 0.94",
        "\"estimate\": 0.74")), "fixture", "b77");
    assertThat(worse.metric("metrics.risk_score").getAsDouble()).isCloseTo(expected + 0.25 * 0.20, within(1e-12));
    // Without NER and OOS sections those components drop out and the weights are renormalised.
    ObjectNode tree = tree(evalJson());
    tree.remove("ner");
    tree.remove("oos");
    GovernanceReport intentOnly = EvalReportAdapter.defaults().adapt(bytes(tree.toString()), "fixture", "b77");
    assertThat(intentOnly.metric("metrics.risk_score")).hasValueCloseTo(
        (0.25 * 0.06 + 0.10 * 0.02 + 0.20 * 0.06) / 0.55, within(1e-12));
    assertThat(intentOnly.metric("metrics.oos.auroc")).isEmpty();
    // A custom weight is honoured and validated.
    GovernanceReport noNer = EvalReportAdapter.builder().riskWeight("ner_miss_rate", 0).build()
        .adapt(bytes(evalJson()), "fixture", "b77");
    assertThat(noNer.metric("metrics.risk_score").getAsDouble()).isLessThan(expected);
    assertThatThrownBy(() -> EvalReportAdapter.builder().riskWeight("vibes", 0.5)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vibes");
  }

  @Test
  void theDefaultPolicyEvaluatesTheAdaptedReport() {
    GovernanceReport g = EvalReportAdapter.defaults().adapt(bytes(evalJson()), "fixture", "b77");
    PolicyVerdict v = Policy.defaultPolicy().evaluate(g.json());
    assertThat(v.action()).as(v.checks().toString()).isEqualTo(PolicyAction.REQUIRE_APPROVAL);
    assertThat(v.checks()).allMatch(c -> c.actual() != null);
    // A flagged slice makes the first rule deny.
    ObjectNode tree = tree(evalJson());
    ((com.fasterxml.jackson.databind.node.ArrayNode) tree.at("/intent/0/slices/flags")).add("length.short");
    GovernanceReport flagged = EvalReportAdapter.defaults().adapt(bytes(tree.toString()), "fixture", "b77");
    assertThat(Policy.defaultPolicy().evaluate(flagged.json()).action()).isEqualTo(PolicyAction.DENY);
    assertThat(flagged.json().at("/fairness/flags/0").asText()).isEqualTo("length.short");
  }

  @Test
  void nerModelGetsItsOwnIdentityAndRisksButTheSameReleaseMetrics() {
    GovernanceReport intent = EvalReportAdapter.fromEvalJsonBytes(bytes(evalJson()), "b77");
    GovernanceReport ner = EvalReportAdapter.fromEvalJsonBytes(bytes(evalJson()), "ner");
    assertThat(ner.task()).isEqualTo(Task.NER);
    assertThat(ner.json().at("/metrics")).isEqualTo(intent.json().at("/metrics"));
    // Lowest F1 first; types without gold entities are skipped.
    assertThat(ner.json().at("/risks").size()).isEqualTo(2);
    assertThat(ner.json().at("/risks/0").asText()).startsWith("entity type product: F1 0.2700 over 4 gold entities");
    // Same input, same bytes (the registry pins their digest).
    assertThat(EvalReportAdapter.fromEvalJsonBytes(bytes(evalJson()), "ner").sha256()).isEqualTo(ner.sha256());
  }

  @Test
  void unknownAndMissingFieldsAreTypedErrorsNamingTheField() {
    expectField(t -> ((ObjectNode) t.at("/intent/0")).remove("slices"), "intent[0].slices", "missing");
    expectField(t -> ((ObjectNode) t.at("/intent/0/classification")).put("top5", 0.99), "intent[0].classification.top5",
        "unknown field");
    expectField(t -> t.put("latency", 3), "latency", "unknown field");
    expectField(t -> ((ObjectNode) t.at("/oos/atThreshold")).remove("oosRecall"), "oos.atThreshold.oosRecall", "missing");
    expectField(t -> ((ObjectNode) t.at("/ner/0/f1")).put("estimate", "high"), "ner[0].f1.estimate", "finite number");
    expectField(t -> ((ObjectNode) t.at("/intent/0")).put("role", "train"), "intent[role=test]", "missing");
    expectField(t -> t.put("schemaVersion", 2), "schemaVersion", "is 2");
    expectField(t -> ((ObjectNode) t.at("/intent/0/dataset")).put("fileSha256", "xyz"), "intent[0].dataset.fileSha256",
        "SHA-256");
    assertThatThrownBy(() -> EvalReportAdapter.defaults().adapt(bytes(evalJson()), "fixture", "nope"))
        .isInstanceOf(EvalReportFormatException.class).hasMessageStartingWith("models[name=nope]: missing");
    assertThatThrownBy(() -> EvalReportAdapter.defaults().adapt(bytes("{\"schemaVersion\": 1,"), "broken.json", "b77"))
        .isInstanceOf(EvalReportFormatException.class).hasMessageContaining("malformed JSON at line 1")
        .hasMessageContaining("broken.json");
  }

  @Test
  void schemaErrorsComeFromTheCoreReaderAndNonFiniteMetricsFromTheMapping() {
    // NaN is valid eval.json (written as a string), but not a release metric.
    expectField(t -> ((ObjectNode) t.at("/oos/atThreshold")).put("oosRecall", "NaN"), "oos.atThreshold.oosRecall",
        "expected a finite number, got NaN");
    ObjectNode t = tree(evalJson());
    ((ObjectNode) t.at("/run")).remove("javaVendor");
    assertThatThrownBy(() -> EvalReportAdapter.defaults().adapt(bytes(t.toString()), "edited.json", "b77"))
        .isInstanceOfSatisfying(EvalReportFormatException.class, e -> {
          assertThat(e.field()).isEqualTo("run.javaVendor");
          assertThat(e.getCause()).isInstanceOfSatisfying(ReportFormatException.class,
              c -> assertThat(c.path()).isEqualTo("$.run.javaVendor"));
        });
  }

  private static void expectField(Consumer<ObjectNode> edit, String field, String problem) {
    ObjectNode t = tree(evalJson());
    edit.accept(t);
    assertThatThrownBy(() -> EvalReportAdapter.defaults().adapt(bytes(t.toString()), "edited.json", "b77"))
        .isInstanceOfSatisfying(EvalReportFormatException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ": ").contains(problem).contains("(in edited.json)");
        });
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) M.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
