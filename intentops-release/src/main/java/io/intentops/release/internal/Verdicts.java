package io.intentops.release.internal;

import io.intentops.core.ModelVersion;
import io.intentops.release.ReleaseVerdict;
import io.intentops.router.RollbackRecord;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.JudgeRule;
import io.intentops.router.judge.RuleVerdict;
import io.intentops.router.judge.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Maps the router's decision data onto {@link ReleaseVerdict}. The one place to extend when the judge
 * publishes richer verdicts (sequential-test statistic, threshold, per-rule counts).
 */
public final class Verdicts {
  private Verdicts() {}

  /** The verdict behind a rollback (or abort) of {@code version}, from the record the router stored. */
  public static ReleaseVerdict fromRollback(ModelVersion version, RollbackRecord r) {
    List<String> rules = r.rules().stream().map(SloRule::name).sorted().toList();
    long requests = 0;
    long errors = 0;
    for (WindowSnapshot w : r.windows()) {
      requests += w.requests();
      errors += w.serverErrors();
    }
    String statistic;
    if (r.windows().isEmpty()) {
      statistic = "none (no windows)";
    } else {
      WindowSnapshot last = r.windows().get(r.windows().size() - 1);
      statistic = "last window p95=" + (last.p95Micros() == Long.MAX_VALUE ? "above the largest bucket"
          : String.format(Locale.ROOT, "%.1f ms", last.p95Micros() / 1000.0))
          + ", server-error rate=" + String.format(Locale.ROOT, "%.3f %%", 100 * last.serverErrorRate())
          + " (n=" + last.requests() + ")";
    }
    return new ReleaseVerdict(version, rules.isEmpty() ? List.of("UNSPECIFIED") : rules, statistic,
        r.windows().size(), requests, errors, r.detail(), r.at());
  }

  /**
   * The verdict behind a canary judge's decision about {@code version} (a rollback or a bake-period
   * revert): the breaching rules by name, each rule's statistic against its threshold with its counts,
   * the candidate requests the judge counted and the server errors its server-error rule counted.
   * {@code record} (the router's stored reason, when the event carries one) supplies detail and time.
   */
  public static ReleaseVerdict fromDecision(ModelVersion version, Decision d, @Nullable RollbackRecord record) {
    List<RuleVerdict> breaching = d.rules().stream().filter(r -> r.verdict() == Verdict.BREACHING).toList();
    List<RuleVerdict> shown = breaching.isEmpty() ? d.rules() : breaching;
    List<String> rules = shown.stream().map(r -> r.rule().name()).distinct().toList();
    String statistic = shown.isEmpty() ? "none (no rules)" : shown.stream().map(Verdicts::describe)
        .collect(Collectors.joining("; "));
    long requests = d.candidateRequests();
    long errors = d.rules().stream().filter(r -> r.rule().kind() == JudgeRule.Kind.SERVER_ERRORS)
        .mapToLong(RuleVerdict::failures).max().orElse(0);
    return new ReleaseVerdict(version, rules.isEmpty() ? List.of("UNSPECIFIED") : rules, statistic, 0, requests,
        Math.min(errors, requests), record != null ? record.detail() : "Canary judge: " + d.summary(),
        record != null ? record.at() : d.at());
  }

  /** One rule in words: statistic vs threshold, counts, observed rate vs limit. */
  private static String describe(RuleVerdict r) {
    return String.format(Locale.ROOT, "%s %s: statistic %.2f, threshold %.2f, %d of %d requests (%.3f %% vs limit %.3f %%)",
        r.rule().name(), r.verdict(), r.statistic(), r.threshold(), r.failures(), r.requests(), 100 * r.observedRate(),
        100 * r.limit()) + (r.baselineRequests() > 0 ? ", stable n=" + r.baselineRequests() : "");
  }
}
