package io.intentops.release.internal;

import io.intentops.core.ModelVersion;
import io.intentops.release.ReleaseVerdict;
import io.intentops.router.RollbackRecord;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import java.util.List;
import java.util.Locale;

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
}
