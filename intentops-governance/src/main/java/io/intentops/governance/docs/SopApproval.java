package io.intentops.governance.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.policy.ReportPaths;
import io.intentops.governance.policy.ThresholdCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An approval in the release SOP's JSON shape: {@code approval_id, timestamp, decision_mode, approved,
 * approver, role, rationale, threshold_checks} (an object of named booleans,
 * {@code "metrics.accuracy >= 0.8": true}), {@code evaluation_summary, risk_summary}
 * ({@code {"risk_level": "low|medium|high|unknown", "high_risk_factors": [...]}}),
 * {@code fairness_flags} (the flagged slice names) and {@code deployment_url}. Made from the stored
 * {@link ApprovalRecord} and the eval report it was decided against. Immutable.
 *
 * @param record the stored decision
 * @param riskLevel from the report's {@code metrics.risk_score}: below {@value #MEDIUM_RISK} low, up to
 *     {@value #HIGH_RISK} medium (the SOP's release ceiling), above it high; unknown without a score
 * @param highRiskFactors failed threshold checks, then risk components at or above
 *     {@value #HIGH_COMPONENT}, then the report's listed risks
 * @param fairnessFlags flagged slices from the report's {@code fairness.flags}
 */
public record SopApproval(ApprovalRecord record, String riskLevel, List<String> highRiskFactors,
    List<String> fairnessFlags) {
  /** Risk score from which the level is {@code medium}. */
  public static final double MEDIUM_RISK = 0.20;
  /** Risk score above which the level is {@code high} (the SOP's {@code risk_score <= 0.40} ceiling). */
  public static final double HIGH_RISK = 0.40;
  /** A risk component value (a rate in [0, 1]) at or above this is a high-risk factor. */
  public static final double HIGH_COMPONENT = 0.20;

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public SopApproval {
    highRiskFactors = List.copyOf(highRiskFactors);
    fairnessFlags = List.copyOf(fairnessFlags);
  }

  /** The SOP form of {@code r}, decided against {@code report} (the governance eval report). */
  public static SopApproval of(ApprovalRecord r, JsonNode report) {
    JsonNode score = ReportPaths.value(report, "metrics.risk_score");
    String level;
    if (score == null || !score.isNumber()) {
      level = "unknown";
    } else if (score.asDouble() < MEDIUM_RISK) {
      level = "low";
    } else if (score.asDouble() <= HIGH_RISK) {
      level = "medium";
    } else {
      level = "high";
    }
    List<String> factors = new ArrayList<>();
    for (ThresholdCheck c : r.thresholdChecks()) {
      if (!c.passed()) {
        factors.add("failed check " + name(c) + " (actual " + c.actual() + ")");
      }
    }
    JsonNode comps = report.path("risk").path("components");
    for (Iterator<Map.Entry<String, JsonNode>> it = comps.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      double v = e.getValue().path("value").asDouble(Double.NaN);
      if (v >= HIGH_COMPONENT) {
        factors.add(String.format(Locale.ROOT, "%s = %.4f", e.getKey(), v));
      }
    }
    for (JsonNode x : report.path("risks")) {
      factors.add(x.isTextual() ? x.asText() : x.toString());
    }
    List<String> flags = new ArrayList<>();
    for (JsonNode f : report.path("fairness").path("flags")) {
      flags.add(f.asText());
    }
    return new SopApproval(r, level, factors, flags);
  }

  /** A check's name in {@code threshold_checks}: {@code metric operator expected}. */
  public static String name(ThresholdCheck c) {
    return c.metric() + " " + c.operator() + " " + c.expected();
  }

  /** The SOP JSON (pretty, stable field order). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("approval_id", record.approvalId());
    o.put("timestamp", record.timestamp().toString());
    o.put("decision_mode", record.decisionMode().name().toLowerCase(Locale.ROOT));
    o.put("approved", record.approved());
    o.put("approver", record.approver());
    o.put("role", record.roleName());
    o.put("rationale", record.rationale());
    ObjectNode checks = o.putObject("threshold_checks");
    Map<String, Boolean> named = new LinkedHashMap<>();
    for (ThresholdCheck c : record.thresholdChecks()) {
      // A name seen twice (two rules with one condition) is true only if it held every time.
      named.merge(name(c), c.passed(), Boolean::logicalAnd);
    }
    named.forEach(checks::put);
    ObjectNode summary = o.putObject("evaluation_summary");
    record.evaluationSummary().forEach(summary::put);
    ObjectNode risk = o.putObject("risk_summary");
    risk.put("risk_level", riskLevel);
    ArrayNode hf = risk.putArray("high_risk_factors");
    highRiskFactors.forEach(hf::add);
    ArrayNode ff = o.putArray("fairness_flags");
    fairnessFlags.forEach(ff::add);
    @Nullable String url = record.deploymentUrl();
    if (url == null) {
      o.putNull("deployment_url");
    } else {
      o.put("deployment_url", url);
    }
    o.put("model", record.model());
    o.put("version", record.version().toString());
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
