package io.intentops.cli.governance;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.audit.ConsistencyCheck;
import io.intentops.governance.audit.SignedHead;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intentops audit}: {@code verify} (the whole log, exit 1 when it does not check out),
 * {@code query} (read-only, through the log's index with {@link AuditLog#query}: by entity, actor, event
 * type and time, each result's inclusion proof checked) and {@code consistency} (is the log an
 * append-only extension of a head published earlier? exit 1 when not). Not thread-safe (one
 * invocation per instance).
 */
public final class AuditCommands {
  private AuditCommands() {}

  /** The {@code audit} command with {@code verify} and {@code query}. */
  public static CommandLine commandLine(CliContext ctx, GovernanceCli gov) {
    CommandLine audit = new CommandLine(new Audit());
    audit.addSubcommand(new CommandLine(gov.verifyAudit()));
    audit.addSubcommand(new CommandLine(new Query(ctx, gov)));
    audit.addSubcommand(new CommandLine(new Consistency(ctx, gov)));
    audit.registerConverter(Instant.class, Instant::parse);
    return audit;
  }

  @Command(name = "audit", mixinStandardHelpOptions = true,
      description = "Verify or query the tamper-evident audit log of a governance store.")
  static final class Audit extends GroupCommand {}

  @Command(name = "query", mixinStandardHelpOptions = true,
      description = "Print the audit entries that match every given filter, oldest first, one JSON object per "
          + "line (read-only; the count goes to stderr).")
  static final class Query implements Callable<Integer> {
    private final CliContext ctx;
    private final GovernanceCli gov;
    @Spec CommandSpec spec;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    @Option(names = "--entity", description = "Subject: a model name matches all its versions (NAME@...), or an "
        + "exact subject such as banking77-intent@1.0.0-1.")
    @Nullable String entity;

    @Option(names = "--actor", description = "Exact actor.")
    @Nullable String actor;

    @Option(names = "--event", description = "Event type, exact (registry.transition) or a prefix ending in '*' "
        + "(approval.*).")
    @Nullable String event;

    @Option(names = "--since", description = "Entries at or after this instant (ISO-8601, e.g. 2026-12-03T08:00:00Z).")
    @Nullable Instant since;

    @Option(names = "--until", description = "Entries before this instant (ISO-8601).")
    @Nullable Instant until;

    @Option(names = "--limit", defaultValue = "0", description = "Print at most the last N matches (0 = all).")
    int limit;

    Query(CliContext ctx, GovernanceCli gov) {
      this.ctx = ctx;
      this.gov = gov;
    }

    @Override
    public Integer call() {
      if (limit < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
      }
      AuditQuery.Builder q = AuditQuery.builder();
      if (entity != null) {
        q.subject(entity);
      }
      if (actor != null) {
        q.actor(actor);
      }
      if (event != null) {
        q.type(event);
      }
      if (since != null) {
        q.from(since);
      }
      if (until != null) {
        q.to(until);
      }
      AuditQueryResult r;
      try (AuditLog log = gov.auditLog(store)) {
        r = log.query(q.build());
      }
      List<AuditEntry> hits = r.entries();
      if (limit > 0 && hits.size() > limit) {
        hits = hits.subList(hits.size() - limit, hits.size());
      }
      hits.forEach(e -> ctx.out().println(Json.compactString(e)));
      boolean proved = r.verify();
      ctx.err().println(hits.size() + " matching entries" + (r.truncated() ? " (the first " + AuditQuery.MAX_LIMIT
          + " matches only)" : "") + "; inclusion proofs against the head of " + r.treeSize() + " entries (root "
          + r.root().hex() + "): " + (proved ? "verified" : "FAILED"));
      return proved ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

  }

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Check that the audit log only grew since a head published earlier (RFC 9162 consistency "
          + "proof); exit 1 when the log was rewritten, truncated, or truncated and rebuilt.")
  static final class Consistency implements Callable<Integer> {
    private final CliContext ctx;
    private final GovernanceCli gov;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    @Option(names = "--head", required = true, description = "A head.json saved (published) earlier.")
    Path head;

    Consistency(CliContext ctx, GovernanceCli gov) {
      this.ctx = ctx;
      this.gov = gov;
    }

    @Override
    public Integer call() {
      SignedHead older = Json.read(head, SignedHead.class);
      ConsistencyCheck c;
      try (AuditLog log = gov.auditLog(store)) {
        c = log.checkConsistency(older);
      }
      ctx.out().println(c.message());
      if (c.proof() != null) {
        ctx.out().println("proof: " + c.proof().path().size() + " nodes from " + c.proof().firstSize() + " to "
            + c.proof().secondSize() + " entries; current root " + c.current().root().hex());
      }
      return c.consistent() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
  }
}
