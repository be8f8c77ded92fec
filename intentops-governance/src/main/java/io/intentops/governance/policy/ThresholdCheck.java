package io.intentops.governance.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One condition of one rule, evaluated against a report. Immutable.
 *
 * @param rule 0-based index of the rule
 * @param metric dotted path of the metric, e.g. {@code metrics.accuracy}
 * @param operator the operator symbol, e.g. {@code >=}
 * @param expected the operand from the policy
 * @param actual the value found in the report, or null if the path is absent
 * @param passed whether the condition held
 * @param baseline for a margin operator ({@link Operator#relative()}): the production report's value,
 *     or null when there is none; null for the other operators
 */
public record ThresholdCheck(int rule, String metric, String operator, JsonNode expected, @Nullable JsonNode actual,
    boolean passed, @Nullable JsonNode baseline) {

  /** A check against a constant (the form before margins existed). */
  public ThresholdCheck(int rule, String metric, String operator, JsonNode expected, @Nullable JsonNode actual,
      boolean passed) {
    this(rule, metric, operator, expected, actual, passed, null);
  }
}
