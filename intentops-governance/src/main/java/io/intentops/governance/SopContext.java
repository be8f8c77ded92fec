package io.intentops.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.ModelVersion;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.PolicyVerdict;
import io.intentops.governance.policy.ReportPaths;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What an approver is shown in the release SOP: the version, headline metrics, the policy checks and a
 * risk summary. Immutable.
 *
 * @param model model name
 * @param version version
 * @param verdict the policy verdict for the attached eval report
 * @param evaluationSummary numeric catalogue metrics found in the report
 * @param riskSummary one-paragraph risk statement
 * @param deploymentUrl deployment target, if known
 */
public record SopContext(String model, ModelVersion version, PolicyVerdict verdict, Map<String, Double> evaluationSummary,
    String riskSummary, @Nullable String deploymentUrl) {
  public SopContext {
    evaluationSummary = java.util.Collections.unmodifiableMap(new TreeMap<>(evaluationSummary));
  }

  /** Builds the context from an eval report: every numeric catalogue metric, plus a risk summary. */
  public static SopContext of(String model, ModelVersion version, JsonNode report, PolicyVerdict verdict,
      MetricCatalogue catalogue, @Nullable String deploymentUrl) {
    Map<String, Double> summary = new TreeMap<>();
    for (String m : catalogue.names()) {
      if (catalogue.type(m) == MetricCatalogue.Type.NUMBER) {
        JsonNode v = ReportPaths.value(report, m);
        if (v != null && v.isNumber()) {
          summary.put(m, v.asDouble());
        }
      }
    }
    StringBuilder risk = new StringBuilder();
    risk.append("policy ").append(verdict.policy()).append(": ").append(verdict.reason());
    long failed = verdict.checks().stream().filter(c -> !c.passed()).count();
    risk.append("; ").append(failed).append(" of ").append(verdict.checks().size()).append(" checks failed");
    for (String k : new String[] {"metrics.risk_score", "metrics.bias_disparity", "metrics.fairness_flags"}) {
      if (summary.containsKey(k)) {
        risk.append("; ").append(k.substring("metrics.".length())).append('=').append(summary.get(k));
      }
    }
    JsonNode known = report.path("risks");
    if (known.isArray()) {
      for (JsonNode r : known) {
        risk.append("; risk: ").append(r.isTextual() ? r.asText() : r.toString());
      }
    }
    return new SopContext(model, version, verdict, summary, risk.toString(), deploymentUrl);
  }
}
