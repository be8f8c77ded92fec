package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The routing decision data shared by every router instance reading the same {@link
 * RoutingStateStore}: the stable version, the candidates with their weights and phases, and the
 * overrides. The stable version gets whatever the candidates leave, so weights always sum to 10000
 * basis points. Every committed change increments {@link #revision()}. Immutable and thread-safe.
 *
 * @param revision compare-and-set revision, 1 for the first stored state
 * @param stable the version that answers by default and on fallback
 * @param candidates non-stable versions, in bucket-range order
 * @param overrides segment (tenant, test user, header value) or routing key forced to a version
 * @param updatedAt when this revision was committed
 */
public record RoutingState(
    long revision,
    ModelVersion stable,
    List<CandidateState> candidates,
    Map<String, ModelVersion> overrides,
    Instant updatedAt) {

  /** Total basis points. */
  public static final int TOTAL_BPS = 10_000;

  public RoutingState {
    Objects.requireNonNull(stable, "stable");
    Objects.requireNonNull(updatedAt, "updatedAt");
    candidates = List.copyOf(candidates);
    overrides = Map.copyOf(overrides);
    if (revision < 1) {
      throw new IllegalArgumentException("RoutingState revision must be >= 1, got " + revision);
    }
    Set<ModelVersion> seen = new HashSet<>();
    long sum = 0;
    for (CandidateState c : candidates) {
      if (c.version().equals(stable)) {
        throw new IllegalArgumentException("Version " + stable + " is both stable and a candidate");
      }
      if (!seen.add(c.version())) {
        throw new IllegalArgumentException("Candidate " + c.version() + " appears twice");
      }
      sum += c.weightBps();
    }
    if (sum > TOTAL_BPS) {
      throw new IllegalArgumentException("Candidate weights sum to " + sum + " bps, more than " + TOTAL_BPS);
    }
  }

  /** Weight of the stable version: what the candidates leave. */
  public int stableWeightBps() {
    int sum = 0;
    for (CandidateState c : candidates) {
      sum += c.weightBps();
    }
    return TOTAL_BPS - sum;
  }

  /** Every version's weight, stable first; the values sum to 10000. */
  public Map<ModelVersion, Integer> weights() {
    Map<ModelVersion, Integer> out = new LinkedHashMap<>();
    out.put(stable, stableWeightBps());
    for (CandidateState c : candidates) {
      out.put(c.version(), c.weightBps());
    }
    return out;
  }

  /** The weight of {@code version}; 0 when it is neither stable nor a candidate. */
  public int weightOf(ModelVersion version) {
    if (version.equals(stable)) {
      return stableWeightBps();
    }
    return candidate(version).map(CandidateState::weightBps).orElse(0);
  }

  /** The candidate entry for {@code version}, if any. */
  public Optional<CandidateState> candidate(ModelVersion version) {
    for (CandidateState c : candidates) {
      if (c.version().equals(version)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
