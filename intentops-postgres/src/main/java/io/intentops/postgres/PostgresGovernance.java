package io.intentops.postgres;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.ApprovalPolicy;
import io.intentops.governance.Governance;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.Redactor;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.postgres.internal.PgAuditLog;
import io.intentops.postgres.internal.PgGovernanceStore;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Governance shared by a fleet: a {@link GovernanceStore} and an {@link AuditLog} in PostgreSQL, for
 * {@link Governance.Builder#store} and {@link Governance.Builder#auditLog}:
 *
 * <pre>{@code
 * Governance gov = PostgresGovernance.builder().dataSource(pool).clock(clock).build();
 * }</pre>
 *
 * <p>Governance transactions are exclusive across all instances ({@code pg_advisory_xact_lock}) and
 * all-or-nothing; audit appends are serialised by a row lock on the log's head, so the index sequence,
 * the RFC 6962 tree and the signed head stay consistent under any number of concurrent writers. Several
 * independent stores and logs can share one database under different names. Immutable builder
 * results; the store and log are thread-safe and hold no connection between calls.
 */
public final class PostgresGovernance {
  /** Store and log name used when none is given. */
  public static final String DEFAULT_NAME = "default";

  private PostgresGovernance() {}

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures the PostgreSQL governance store and audit log. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String name = DEFAULT_NAME;
    private Clock clock = Clock.system();
    private @Nullable Redactor redactor;
    private byte @Nullable [] hmacKey;
    private ApprovalPolicy approvalPolicy = ApprovalPolicy.defaults();
    private boolean migrate = true;
    private io.intentops.governance.auth.@Nullable Authorizer authorizer;
    private io.intentops.governance.BreakGlassPolicy breakGlassPolicy = io.intentops.governance.BreakGlassPolicy.defaults();

    private Builder() {}

    /** Required. */
    public Builder dataSource(DataSource ds) {
      this.dataSource = Objects.requireNonNull(ds, "dataSource");
      return this;
    }

    /** Name of the store and of the audit log in the database; default {@value #DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Audit redaction; default {@link Redactor#pii(PiiScanner)}. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** HMAC-SHA256 key for entries and head; at least {@value AuditLog.Builder#MIN_KEY_BYTES} bytes. */
    public Builder hmacKey(byte[] key) {
      if (key.length < AuditLog.Builder.MIN_KEY_BYTES) {
        throw new ConfigurationException("Audit HMAC key must be at least " + AuditLog.Builder.MIN_KEY_BYTES
            + " bytes, got " + key.length);
      }
      this.hmacKey = key.clone();
      return this;
    }

    public Builder approvalPolicy(ApprovalPolicy policy) {
      this.approvalPolicy = Objects.requireNonNull(policy, "approvalPolicy");
      return this;
    }

    /** Access control for the {@link Governance} that {@link #build()} makes (see {@link Governance.Builder#authorizer}). */
    public Builder authorizer(io.intentops.governance.auth.Authorizer a) {
      this.authorizer = Objects.requireNonNull(a, "authorizer");
      return this;
    }

    /** Who approves break-glass overrides (see {@link Governance.Builder#breakGlassPolicy}). */
    public Builder breakGlassPolicy(io.intentops.governance.BreakGlassPolicy p) {
      this.breakGlassPolicy = Objects.requireNonNull(p, "breakGlassPolicy");
      return this;
    }

    /** Whether the Flyway migrations run first (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    private DataSource ready() {
      if (dataSource == null) {
        throw new ConfigurationException("PostgresGovernance.builder(): dataSource(...) is required");
      }
      if (name.isBlank() || name.length() > 200) {
        throw new ConfigurationException("PostgresGovernance.name must be 1..200 non-blank characters, got '" + name + "'");
      }
      if (migrate) {
        PostgresSchema.migrate(dataSource);
      }
      return dataSource;
    }

    /** The governance store alone. */
    public GovernanceStore store() {
      return new PgGovernanceStore(ready(), name);
    }

    /** The audit log alone. */
    public AuditLog auditLog() {
      return openLog(ready());
    }

    private AuditLog openLog(DataSource ds) {
      return new PgAuditLog(ds, name, clock, redactor != null ? redactor : Redactor.pii(PiiScanner.create()), hmacKey);
    }

    /** A {@link Governance} over both (closing it releases nothing: neither holds a connection). */
    public Governance build() {
      DataSource ds = ready();
      Governance.Builder b = Governance.builder().store(new PgGovernanceStore(ds, name)).auditLog(openLog(ds))
          .clock(clock).approvalPolicy(approvalPolicy).breakGlassPolicy(breakGlassPolicy);
      if (authorizer != null) {
        b.authorizer(authorizer);
      }
      return b.build();
    }
  }
}
