package io.intentops.release;

import io.intentops.core.ModelVersion;
import io.intentops.release.internal.Verdicts;
import io.intentops.router.RollbackRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The evidence behind a rollback or revert as the loop records it: in the release record's reason and,
 * field by field, in the audit entry. Today it is mapped from the router's {@link
 * io.intentops.router.RollbackRecord} (rules, the breaching windows' counts, the last window's
 * statistics); a richer judge verdict maps onto the same fields. Immutable.
 *
 * @param version the version the verdict is about (the one taken out of traffic)
 * @param rules the rules that fired, e.g. {@code P95_LATENCY}; never empty
 * @param statistic the decisive statistic in words with its unit and threshold where known, e.g. {@code
 *     p95=250.0 ms; server-error rate=5.000 %}
 * @param windows evaluation windows (or sequential-test looks) the evidence spans; 0 if not window-based
 * @param requests SLO-relevant requests in the evidence (successes plus server errors)
 * @param serverErrors server errors among them
 * @param detail the judge's own summary
 * @param at when the router committed the decision
 */
public record ReleaseVerdict(
    ModelVersion version, List<String> rules, String statistic, int windows, long requests, long serverErrors,
    String detail, Instant at) {

  public ReleaseVerdict {
    Objects.requireNonNull(version, "version");
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("A verdict names at least one rule");
    }
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
    if (windows < 0 || requests < 0 || serverErrors < 0 || serverErrors > requests) {
      throw new IllegalArgumentException("Verdict counts must be >= 0 with serverErrors <= requests, got windows="
          + windows + " requests=" + requests + " serverErrors=" + serverErrors);
    }
  }

  /**
   * The verdict behind a router decision about {@code version} (a rollback, or breaching windows of a
   * stable version during its bake period wrapped in a {@link RollbackRecord}).
   */
  public static ReleaseVerdict fromRollback(ModelVersion version, RollbackRecord record) {
    return Verdicts.fromRollback(version, record);
  }

  /**
   * The verdict behind a canary judge's decision (the {@link io.intentops.router.RouterEvent#decision()} of
   * a rollback or bake-period revert): breaching rules, each one's statistic and threshold with its
   * counts, the candidate requests counted; {@code record} gives detail and time when present.
   */
  public static ReleaseVerdict fromDecision(ModelVersion version, io.intentops.router.judge.Decision decision,
      io.intentops.router.@Nullable RollbackRecord record) {
    return Verdicts.fromDecision(version, decision, record);
  }

  /** An operator's verdict (no statistics): rule {@code MANUAL}, the reason as detail. */
  public static ReleaseVerdict manual(ModelVersion version, String reason, Instant at) {
    return new ReleaseVerdict(version, List.of("MANUAL"), "none (operator decision)", 0, 0, 0, reason, at);
  }

  /** One line for release records and logs: rules, statistic, counts. */
  public String summary() {
    return String.join("+", rules) + ": " + statistic + " (" + requests + " requests, " + serverErrors
        + " server errors, " + windows + " windows)";
  }

  /** The audit-entry details: {@code rule}, {@code statistic}, {@code windows}, {@code requests}, ... */
  public Map<String, String> auditDetails() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("rule", String.join(",", rules));
    d.put("statistic", statistic);
    d.put("windows", Integer.toString(windows));
    d.put("requests", Long.toString(requests));
    d.put("server_errors", Long.toString(serverErrors));
    d.put("server_error_rate", requests == 0 ? "0" : String.format(Locale.ROOT, "%.6f", (double) serverErrors / requests));
    d.put("detail", detail);
    d.put("decided_at", at.toString());
    return d;
  }
}
