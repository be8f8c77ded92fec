package io.intentops.cli.governance;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditLog;
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
 * {@code intentops audit}: {@code verify} (the whole log, exit 1 when it does not check out) and
 * {@code query} (read-only filter over {@link AuditLog#entries()} by entity, actor, event type and time).
 * Not thread-safe (one invocation per instance).
 */
public final class AuditCommands {
  private AuditCommands() {}

  /** The {@code audit} command with {@code verify} and {@code query}. */
  public static CommandLine commandLine(CliContext ctx, GovernanceCli gov) {
    CommandLine audit = new CommandLine(new Audit());
    audit.addSubcommand(new CommandLine(gov.verifyAudit()));
    audit.addSubcommand(new CommandLine(new Query(ctx, gov)));
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
      List<AuditEntry> hits;
      try (AuditLog log = gov.auditLog(store)) {
        hits = log.entries().stream().filter(this::matches).toList();
      }
      if (limit > 0 && hits.size() > limit) {
        hits = hits.subList(hits.size() - limit, hits.size());
      }
      hits.forEach(e -> ctx.out().println(Json.compactString(e)));
      ctx.err().println(hits.size() + " matching entries");
      return ExitCodes.OK;
    }

    boolean matches(AuditEntry e) {
      if (entity != null && !(e.subject().equals(entity) || e.subject().startsWith(entity + "@"))) {
        return false;
      }
      if (actor != null && !e.actor().equals(actor)) {
        return false;
      }
      if (event != null) {
        boolean prefix = event.endsWith("*");
        String t = prefix ? event.substring(0, event.length() - 1) : event;
        if (prefix ? !e.type().startsWith(t) : !e.type().equals(t)) {
          return false;
        }
      }
      if (since != null && e.timestamp().isBefore(since)) {
        return false;
      }
      return until == null || e.timestamp().isBefore(until);
    }
  }
}
