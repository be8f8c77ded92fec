package io.intentops.governance;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.internal.DefaultGovernance;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Entry point: a {@link Registry}, {@link Approvals} and {@link DeployGate} sharing one
 * {@link GovernanceStore}, {@link AuditLog} and {@link Clock}. Embed it in a host application:
 *
 * <pre>{@code
 * try (Governance gov = Governance.builder().directory(Path.of("/var/lib/intentops/governance")).build()) {
 *   gov.registry().registerBundle(bundleDir, "ci");
 * }
 * }</pre>
 *
 * <p>Access control: with {@link Builder#authorizer(Authorizer)} every mutating call must use its
 * {@link io.intentops.governance.auth.Principal} form and pass the authorizer; refusals throw
 * {@link io.intentops.governance.auth.AccessDeniedException} and are audited ({@code auth.denied}).
 * Without one, governance runs unauthenticated (embedded/dev mode) and the {@code actor} strings are
 * trusted as given.
 *
 * <p>Thread-safe. Closing closes the store and audit log it opened itself.
 */
public final class Governance implements AutoCloseable {
  /** Audit log sub-directory used by {@link Builder#directory(Path)}. */
  public static final String DEFAULT_AUDIT_DIR = "audit";

  private final DefaultGovernance impl;
  private final GovernanceStore store;
  private final AuditLog audit;
  private final boolean owns;

  private Governance(GovernanceStore store, AuditLog audit, Clock clock, ApprovalPolicy policy, boolean owns,
      @Nullable Authorizer authorizer, BreakGlassPolicy breakGlass) {
    this.store = store;
    this.audit = audit;
    this.owns = owns;
    this.impl = new DefaultGovernance(store, audit, clock, policy, authorizer, breakGlass);
  }

  /** Break-glass overrides of policy denies. */
  public BreakGlass breakGlass() {
    return impl;
  }

  /** Whether an {@link Authorizer} is configured (principal-less calls are then refused). */
  public boolean authorizing() {
    return impl.authorizing();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The registry. */
  public Registry registry() {
    return impl;
  }

  /** Approvals. */
  public Approvals approvals() {
    return impl;
  }

  /** The deploy gate. */
  public DeployGate gate() {
    return impl;
  }

  /** The store. */
  public GovernanceStore store() {
    return store;
  }

  /** The audit log (other modules append their events here, e.g. router rollbacks). */
  public AuditLog auditLog() {
    return audit;
  }

  @Override
  public void close() {
    if (owns) {
      audit.close();
      store.close();
    }
  }

  /**
   * Configures a {@link Governance}. Either {@link #directory(Path)} (file store in the directory,
   * audit log in {@code audit/} under it) or {@link #store(GovernanceStore)} plus {@link #auditLog(AuditLog)}.
   * Not thread-safe.
   */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable GovernanceStore store;
    private @Nullable AuditLog audit;
    private Clock clock = Clock.system();
    private ApprovalPolicy approvalPolicy = ApprovalPolicy.defaults();
    private byte @Nullable [] hmacKey;
    private @Nullable Authorizer authorizer;
    private BreakGlassPolicy breakGlassPolicy = BreakGlassPolicy.defaults();

    /** Who must approve a break-glass override; default {@link BreakGlassPolicy#defaults()}. */
    public Builder breakGlassPolicy(BreakGlassPolicy p) {
      this.breakGlassPolicy = Objects.requireNonNull(p);
      return this;
    }

    private Builder() {}

    /**
     * Checks every call against {@code a} and refuses principal-less calls (deny by default). Default:
     * none (unauthenticated, embedded/dev mode).
     */
    public Builder authorizer(Authorizer a) {
      this.authorizer = Objects.requireNonNull(a);
      return this;
    }

    /** Use the embedded file store in {@code dir}, with the audit log in {@code dir/audit}. */
    public Builder directory(Path dir) {
      this.directory = Objects.requireNonNull(dir);
      return this;
    }

    /** Use this store (e.g. a database store). */
    public Builder store(GovernanceStore s) {
      this.store = Objects.requireNonNull(s);
      return this;
    }

    /** Use this audit log. */
    public Builder auditLog(AuditLog log) {
      this.audit = Objects.requireNonNull(log);
      return this;
    }

    /** Time source for every timestamp; default {@link Clock#system()}. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Required approver roles; default {@link ApprovalPolicy#defaults()}. */
    public Builder approvalPolicy(ApprovalPolicy p) {
      this.approvalPolicy = Objects.requireNonNull(p);
      return this;
    }

    /** HMAC key for the audit log that {@link #directory(Path)} opens. */
    public Builder auditHmacKey(byte[] key) {
      this.hmacKey = key.clone();
      return this;
    }

    /** Validates and builds. */
    public Governance build() {
      if (directory != null && store != null) {
        throw new ConfigurationException("Governance.builder(): give directory(...) or store(...), not both");
      }
      if (directory != null) {
        GovernanceStore s = GovernanceStore.directory(directory);
        AuditLog.Builder ab = AuditLog.builder().directory(directory.resolve(DEFAULT_AUDIT_DIR)).clock(clock);
        if (hmacKey != null) {
          ab.hmacKey(hmacKey);
        }
        AuditLog a = audit != null ? audit : ab.open();
        return new Governance(s, a, clock, approvalPolicy, audit == null, authorizer, breakGlassPolicy);
      }
      if (store == null || audit == null) {
        throw new ConfigurationException("Governance.builder(): directory(...) or both store(...) and auditLog(...) are required");
      }
      return new Governance(store, audit, clock, approvalPolicy, false, authorizer, breakGlassPolicy);
    }
  }
}
