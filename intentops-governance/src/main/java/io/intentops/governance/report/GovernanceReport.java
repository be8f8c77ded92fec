package io.intentops.governance.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.governance.policy.ReportPaths;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A governance report made from an {@code eval.json} by {@link EvalReportAdapter}: the JSON that
 * {@link io.intentops.governance.policy.Policy#evaluate}, the registry ({@code attachEvalReport}), the deploy
 * gate and {@link io.intentops.governance.docs.ModelCardGenerator} read. Immutable and thread-safe (the
 * JSON is a private copy; {@link #json()} returns a fresh copy).
 *
 * @param model the model the report is attached to (one of the models in the eval run)
 * @param version its version
 * @param task its task
 * @param evalJsonSha256 SHA-256 of the {@code eval.json} bytes it was made from
 * @param jsonBytes the report as pretty-printed UTF-8 JSON; the same eval.json and model always give the
 *     same bytes, so the digest the registry pins is reproducible
 */
public record GovernanceReport(String model, ModelVersion version, Task task, Checksum evalJsonSha256,
    byte[] jsonBytes) {
  public GovernanceReport {
    jsonBytes = jsonBytes.clone();
  }

  @Override
  public byte[] jsonBytes() {
    return jsonBytes.clone();
  }

  /** The report as a JSON tree (a fresh copy). */
  public JsonNode json() {
    return EvalReportAdapter.parse(jsonBytes, "governance report of " + model);
  }

  /** SHA-256 of {@link #jsonBytes()}: the eval report digest the registry records. */
  public Checksum sha256() {
    return Checksum.sha256(jsonBytes);
  }

  /** A numeric value at a dotted path ({@code metrics.risk_score}), unwrapped from {@code {"value": x}}. */
  public OptionalDouble metric(String path) {
    JsonNode n = ReportPaths.value(json(), path);
    return n != null && n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GovernanceReport r && r.model.equals(model) && r.version.equals(version) && r.task == task
        && r.evalJsonSha256.equals(evalJsonSha256) && Arrays.equals(r.jsonBytes, jsonBytes);
  }

  @Override
  public int hashCode() {
    return 31 * model.hashCode() + Arrays.hashCode(jsonBytes);
  }

  @Override
  public String toString() {
    return "GovernanceReport[" + model + "@" + version + ", eval.json " + evalJsonSha256 + ", " + sha256() + "]";
  }
}
