package io.intentops.router;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Why a candidate was taken out of traffic: the rules that were breached and the windows that
 * breached them (empty for a manual abort). Stored with the candidate in {@link RoutingState}.
 * Immutable.
 *
 * @param rules rules breached by the windows, or {@link SloRule#MANUAL_ABORT}
 * @param windows the breaching windows of the streak that fired, oldest first
 * @param detail human-readable summary
 * @param at when the rollback was committed
 */
public record RollbackRecord(Set<SloRule> rules, List<WindowSnapshot> windows, String detail, Instant at) {
  public RollbackRecord {
    rules = Set.copyOf(rules);
    windows = List.copyOf(windows);
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
  }
}
