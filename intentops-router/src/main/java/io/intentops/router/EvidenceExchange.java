package io.intentops.router;

import io.intentops.core.ModelVersion;
import io.intentops.router.internal.InMemoryEvidenceExchange;
import io.intentops.router.judge.Evidence;

/**
 * Fleet mode for the canary judge: router instances serving the same deployment (and sharing one
 * {@link RoutingStateStore}) pool the evidence they record, so that every instance judges the fleet's
 * traffic, not its own share. On each tick an instance publishes what it recorded per version since its
 * last tick and receives everything the fleet published since then (its own included), which its judge
 * consumes; every piece of evidence reaches every instance's judge exactly once. The instances' judges
 * therefore breach at about the same time and the first rollback committed with compare-and-set wins:
 * exactly one rollback fleet-wide, the others find nothing left to roll back.
 *
 * <p>Implementations must be thread-safe. {@link #inMemory()} serves instances in one JVM (tests,
 * simulations); a database-backed exchange serves processes.
 */
public interface EvidenceExchange {

  /**
   * Publishes {@code local} (this instance's evidence of {@code version} since its last call) and returns
   * the evidence of {@code version} the whole fleet published since this instance's last call.
   *
   * @param instance a name unique among the fleet's routers
   */
  Evidence exchange(String instance, ModelVersion version, Evidence local);

  /** An exchange for routers in this JVM. */
  static EvidenceExchange inMemory() {
    return new InMemoryEvidenceExchange();
  }
}
