package io.intentops.governance.internal;

import io.intentops.core.Clock;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Store transactions with an audit outbox, flushed to the audit log after commit. Thread-safe. */
final class AuditOutbox {
  private final GovernanceStore store;
  private final AuditLog audit;
  private final Clock clock;

  /** Audit events of the transaction running on this thread (outbox, flushed after commit). */
  private final ThreadLocal<List<AuditEvent>> txEvents = new ThreadLocal<>();
  private final java.util.concurrent.atomic.AtomicLong txCounter = new java.util.concurrent.atomic.AtomicLong();
  private final String instanceId = Long.toHexString(new java.security.SecureRandom().nextLong() | Long.MIN_VALUE);

  AuditOutbox(GovernanceStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Drains every outbox entry a crash left behind (called once, at start-up). */
  void drainLeftovers() {
    store.inTransaction(() -> {
      store.pendingAudit().keySet().forEach(id -> drain(id, true));
      return null;
    });
  }

  /**
   * Runs {@code work} as one store transaction whose audit events go to the outbox inside the same
   * transaction and are appended to the audit log right after the commit. Why: the store change and
   * its audit events then survive a crash together (a leftover outbox is drained on the next start).
   */
  <T> T tx(java.util.function.Supplier<T> work) {
    if (txEvents.get() != null) {
      return work.get();
    }
    List<AuditEvent> events = new ArrayList<>();
    String[] id = new String[1];
    T result = store.inTransaction(() -> {
      txEvents.set(events);
      try {
        T r = work.get();
        if (!events.isEmpty()) {
          id[0] = txnId();
          store.addPendingAudit(id[0], tagged(events, id[0]));
        }
        return r;
      } finally {
        txEvents.remove();
      }
    });
    if (id[0] != null) {
      store.inTransaction(() -> {
        drain(id[0], false);
        return null;
      });
    }
    return result;
  }

  void emit(AuditEvent e) {
    List<AuditEvent> events = txEvents.get();
    if (events == null) {
      throw new IllegalStateException("audit event outside a transaction: " + e.type());
    }
    events.add(e);
  }

  /** Appends {@code e} straight to the audit log (outside any transaction). */
  void appendNow(AuditEvent e) {
    audit.append(e);
  }

  private static List<AuditEvent> tagged(List<AuditEvent> events, String id) {
    List<AuditEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      Map<String, String> d = new TreeMap<>(e.details());
      d.put("txn", id + "/" + i);
      out.add(new AuditEvent(e.type(), e.actor(), e.subject(), d));
    }
    return out;
  }

  /**
   * Appends the outbox events of {@code id} not yet in the audit log, then removes the outbox entry.
   * {@code mayBePartial}: left by a crash, so some events may already be in the log.
   */
  private void drain(String id, boolean mayBePartial) {
    List<AuditEvent> events = store.pendingAudit().get(id);
    if (events == null) {
      return;
    }
    java.util.Set<String> done = new java.util.HashSet<>();
    if (mayBePartial) {
      // Only a crash between an append and the outbox removal leaves some appended; other writers may
      // have appended since, so scan the whole log (this happens once, at start-up).
      for (io.intentops.governance.audit.AuditEntry en : audit.entries()) {
        String t = en.details().get("txn");
        if (t != null && t.startsWith(id + "/")) {
          done.add(t);
        }
      }
    }
    for (AuditEvent e : events) {
      if (!done.contains(e.details().get("txn"))) {
        audit.append(e);
      }
    }
    store.removePendingAudit(id);
  }

  private String txnId() {
    // Random per-instance part: pids repeat across hosts and containers (pid 1), so they cannot keep
    // ids of concurrent writers to a shared store apart.
    return clock.instant().toEpochMilli() + "-" + instanceId + "-" + txCounter.incrementAndGet();
  }
}
