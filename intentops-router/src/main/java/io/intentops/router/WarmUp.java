package io.intentops.router;

import io.intentops.core.ModelVersion;
import io.intentops.router.judge.Evidence;
import java.time.Instant;
import java.util.Objects;

/**
 * The warm-up a version ran before it received traffic: the same inputs through it and through the
 * stable version, as latency evidence over the SLO latency bins. Immutable.
 *
 * @param version the warmed-up version
 * @param stable the stable version it was compared with
 * @param candidate the version's warm-up evidence
 * @param baseline the stable version's evidence on the same inputs
 * @param at when the warm-up finished
 */
public record WarmUp(ModelVersion version, ModelVersion stable, Evidence candidate, Evidence baseline, Instant at) {
  public WarmUp {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(stable, "stable");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(at, "at");
  }
}
