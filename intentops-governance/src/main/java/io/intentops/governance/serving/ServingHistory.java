package io.intentops.governance.serving;

import io.intentops.core.ModelVersion;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.audit.InclusionProof;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Answers "which version served routing key K of model M at time T" from the audit log's
 * {@link RoutingSnapshot}s (the last one at or before T decides, with its inclusion proof as evidence)
 * and, when no snapshot was recorded by then, from the release records (the version in production at
 * T served every key). Thread-safe if the log and registry are.
 */
public final class ServingHistory {
  private final AuditLog audit;
  private final Registry registry;

  private ServingHistory(AuditLog audit, Registry registry) {
    this.audit = audit;
    this.registry = registry;
  }

  /** History over {@code audit} and {@code registry}. */
  public static ServingHistory of(AuditLog audit, Registry registry) {
    return new ServingHistory(Objects.requireNonNull(audit), Objects.requireNonNull(registry));
  }

  /**
   * The answer and its evidence. Immutable.
   *
   * @param version the version that served the key, or empty when nothing was deployed yet
   * @param basis how it was decided, for people
   * @param snapshotEntry the routing snapshot used, or null
   * @param proof its inclusion proof against the log's head, or null
   * @param release the release record used when no snapshot applied, or null
   */
  public record Answer(Optional<ModelVersion> version, String basis, @Nullable AuditEntry snapshotEntry,
      @Nullable InclusionProof proof, @Nullable ReleaseRecord release) {}

  /** Which version served {@code routingKey} of {@code model} at {@code at}. */
  public Answer servedBy(String model, String routingKey, Instant at) {
    AuditQueryResult r = audit.query(AuditQuery.builder().subject(model).type(RoutingSnapshot.EVENT_TYPE)
        .to(at.plusNanos(1)).build());
    List<AuditEntry> snaps = r.entries().stream().filter(e -> e.subject().equals(model)).toList();
    if (!snaps.isEmpty()) {
      AuditEntry last = snaps.get(snaps.size() - 1);
      RoutingSnapshot s = RoutingSnapshot.fromAuditEntry(last);
      ModelVersion v = s.versionFor(routingKey);
      String how = s.keyOverrides().containsKey(routingKey) ? "key override"
          : "bucket " + RoutingSnapshot.bucket(routingKey, s.salt()) + " under candidates " + s.candidates()
              + ", stable " + s.stable();
      return new Answer(Optional.of(v), "routing snapshot #" + last.index() + " at " + last.timestamp() + ": " + how,
          last, r.proofs().get(r.entries().indexOf(last)), null);
    }
    ReleaseRecord prod = null;
    for (ReleaseRecord rec : registry.releases(model)) {
      if (rec.kind() != ReleaseKind.CORRECTION && !rec.timestamp().isAfter(at)) {
        prod = rec;
      }
    }
    if (prod == null) {
      return new Answer(Optional.empty(), "no release of " + model + " and no routing snapshot at or before " + at,
          null, null, null);
    }
    return new Answer(Optional.of(prod.version()), "no routing snapshot at or before " + at + ": production per "
        + prod.releaseId() + " (" + prod.kind() + " at " + prod.timestamp() + ") served every key", null, null, prod);
  }
}
