package io.intentops.cli.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.ReleaseSop;
import io.intentops.governance.SopContext;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.report.EvalReportAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intentops release}: the release flow of {@link io.intentops.governance.Registry} and
 * {@link io.intentops.governance.Approvals} on a governance store directory. Each subcommand is one API
 * call, prints the resulting record as JSON on stdout and is recorded in the store's audit log:
 *
 * <pre>
 * release register --store S --bundle B [--eval-json eval.json]   registerBundle (+ attachEvalReport)
 * release stage    --store S --model M --version V --to candidate  transition
 * release request  --store S --model M --version V --actor A       approvals().request
 * release approve  --store S --model M --version V --approver P --role ML_LEAD --rationale R [--reject]
 * release gate     --store S --model M --version V --eval-json E   deploy gate (exit 1 when blocked)
 * release promote  --store S --model M --version V --commit C --tag T
 * release rollback --store S --model M --reason R
 * release status   --store S --model M
 * </pre>
 *
 * Refusals by a governance rule (self-approval, an illegal stage move, promotion without approvals)
 * exit with {@link ExitCodes#CHECK_FAILED}. Not thread-safe (one invocation per instance).
 */
public final class ReleaseCommands {
  private ReleaseCommands() {}

  /** The {@code release} command with its subcommands. */
  public static CommandLine commandLine(CliContext ctx, GovernanceCli gov) {
    CommandLine release = new CommandLine(new Release());
    release.addSubcommand(new CommandLine(new Register(ctx, gov)));
    release.addSubcommand(new CommandLine(new StageCommand(ctx, gov)));
    release.addSubcommand(new CommandLine(new Request(ctx, gov)));
    release.addSubcommand(new CommandLine(new Approve(ctx, gov)));
    release.addSubcommand(new CommandLine(gov.gate()));
    release.addSubcommand(new CommandLine(new Promote(ctx, gov)));
    release.addSubcommand(new CommandLine(new Rollback(ctx, gov)));
    release.addSubcommand(new CommandLine(new Status(ctx, gov)));
    release.registerConverter(ModelVersion.class, ModelVersion::parse);
    return release;
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = "Register, approve, gate, promote and roll back model versions in a governance store.")
  static final class Release extends GroupCommand {}

  /** Options every subcommand that names a model shares. */
  abstract static class ModelCommand implements Callable<Integer> {
    final CliContext ctx;
    final GovernanceCli gov;
    @Spec CommandSpec spec;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    @Option(names = "--model", required = true, description = "Model name (the bundle manifest's name).")
    String model;

    ModelCommand(CliContext ctx, GovernanceCli gov) {
      this.ctx = ctx;
      this.gov = gov;
    }

    void print(Object record) {
      ctx.out().print(new String(Json.prettyBytes(record), StandardCharsets.UTF_8));
    }
  }

  /** Options every subcommand that names a version shares. */
  abstract static class VersionCommand extends ModelCommand {
    @Option(names = "--version", required = true, description = "Model version (major.minor.patch-build).")
    ModelVersion version;

    // --version names the model version here, so the standard -V/--version mixin cannot be used; help only.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    VersionCommand(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register a bundle directory as a new version (stage EXPERIMENT; creates the store if missing) "
          + "and optionally attach its evaluation (eval.json mapped to the governance report).")
  static final class Register implements Callable<Integer> {
    private final CliContext ctx;
    private final GovernanceCli gov;
    @Spec CommandSpec spec;

    @Option(names = "--store", required = true, description = "Governance store directory (created if missing).")
    Path store;

    @Option(names = "--bundle", required = true, description = "Bundle directory with manifest.json.")
    Path bundle;

    @Option(names = "--eval-json", description = "The eval harness's eval.json of this bundle: attached as the "
        + "governance report (EvalReportAdapter).")
    @Nullable Path evalJson;

    @Option(names = "--report", description = "Instead of --eval-json: a governance report JSON to attach as is.")
    @Nullable Path report;

    @Option(names = "--actor", required = true, description = "Who registers (recorded in the audit log; the "
        + "submitter, who may not approve).")
    String actor;

    Register(CliContext ctx, GovernanceCli gov) {
      this.ctx = ctx;
      this.gov = gov;
    }

    @Override
    public Integer call() throws IOException {
      if (evalJson != null && report != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give at most one of --eval-json and --report");
      }
      Files.createDirectories(store);
      try (Governance g = gov.open(store)) {
        VersionEntry e = g.registry().registerBundle(bundle, actor);
        byte[] bytes = evalJson != null ? EvalReportAdapter.fromEvalJson(evalJson, e.model()).jsonBytes()
            : report != null ? Files.readAllBytes(report) : null;
        if (bytes != null) {
          g.registry().attachEvalReport(e.model(), e.version(), bytes, actor);
        }
        // Printed after the attachment, so eval_report_digest shows the report that approvers will see.
        ctx.out().print(new String(Json.prettyBytes(g.registry().version(e.model(), e.version()).orElseThrow()),
            StandardCharsets.UTF_8));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "stage",
      description = "Move a version to another stage (candidate, canary, experiment, archived); production "
          + "changes go through promote and rollback.")
  static final class StageCommand extends VersionCommand {
    @Option(names = "--to", required = true, description = "Target stage: ${COMPLETION-CANDIDATES}.")
    Stage to;

    @Option(names = "--actor", required = true, description = "Who moves it.")
    String actor;

    @Option(names = "--reason", defaultValue = "moved with intentops release stage", description = "Why.")
    String reason;

    StageCommand(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      try (Governance g = gov.open(store)) {
        print(g.registry().transition(model, version, to, actor, reason));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "request",
      description = "Request approval of a version (stage CANDIDATE or CANARY, eval report attached). The "
          + "submitter can never approve it.")
  static final class Request extends VersionCommand {
    @Option(names = "--actor", required = true, description = "Submitter.")
    String actor;

    Request(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      try (Governance g = gov.open(store)) {
        print(g.approvals().request(model, version, actor));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "approve",
      description = "Record an approver's decision (the release SOP's automated mode): the attached report's "
          + "metrics and the policy checks are stored with it. Options fall back to the environment variables "
          + ReleaseSop.ENV_APPROVER + ", " + ReleaseSop.ENV_ROLE + ", " + ReleaseSop.ENV_RATIONALE + " and "
          + ReleaseSop.ENV_DECISION + " (y/n) for CI.")
  static final class Approve extends VersionCommand {
    @Option(names = "--approver", description = "Who decides (default: $" + ReleaseSop.ENV_APPROVER + ").")
    @Nullable String approver;

    @Option(names = "--role", description = "ML_LEAD, PRODUCT_OWNER, COMPLIANCE_OFFICER or SECURITY_OFFICER "
        + "(default: $" + ReleaseSop.ENV_ROLE + ").")
    @Nullable String role;

    @Option(names = "--rationale", description = "Why (default: $" + ReleaseSop.ENV_RATIONALE + ").")
    @Nullable String rationale;

    @Option(names = "--reject", description = "Reject instead of approve (without --approver: $"
        + ReleaseSop.ENV_DECISION + ").")
    boolean reject;

    @Option(names = "--policy", description = "Policy whose checks are shown with the decision (default: the "
        + "built-in release policy).")
    @Nullable Path policy;

    @Option(names = "--deployment-url", description = "Deployment target shown with the decision.")
    @Nullable String deploymentUrl;

    Approve(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      Map<String, String> sop = new HashMap<>();
      for (String k : new String[] {ReleaseSop.ENV_DECISION, ReleaseSop.ENV_APPROVER, ReleaseSop.ENV_ROLE,
          ReleaseSop.ENV_RATIONALE}) {
        String v = ctx.env().get(k);
        if (v != null) {
          sop.put(k, v);
        }
      }
      putIfGiven(sop, ReleaseSop.ENV_APPROVER, approver);
      putIfGiven(sop, ReleaseSop.ENV_ROLE, role);
      putIfGiven(sop, ReleaseSop.ENV_RATIONALE, rationale);
      if (approver != null || reject) {
        sop.put(ReleaseSop.ENV_DECISION, reject ? "n" : "y");
      }
      require(sop, ReleaseSop.ENV_APPROVER, "--approver");
      require(sop, ReleaseSop.ENV_ROLE, "--role");
      require(sop, ReleaseSop.ENV_RATIONALE, "--rationale");
      require(sop, ReleaseSop.ENV_DECISION, "--approver (approve) or --reject");
      Policy p = policy == null ? Policy.defaultPolicy() : Policy.load(policy);
      try (Governance g = gov.open(store)) {
        JsonNode report = g.registry().evalReport(model, version).orElseThrow(() -> new ConfigurationException(
            "No eval report is attached to " + model + "@" + version + ": release register --eval-json attaches one"));
        SopContext sopContext = SopContext.of(model, version, report, p.evaluate(report), MetricCatalogue.defaults(),
            deploymentUrl);
        ApprovalRecord r = ReleaseSop.using(g.approvals()).automated(sopContext, sop);
        print(r);
        return ExitCodes.OK;
      }
    }

    private static void putIfGiven(Map<String, String> m, String key, @Nullable String value) {
      if (value != null) {
        m.put(key, value);
      }
    }

    private void require(Map<String, String> m, String key, String option) {
      String v = m.get(key);
      if (v == null || v.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give " + option + " or set $" + key);
      }
    }
  }

  @Command(name = "promote",
      description = "Promote a CANARY version to production: needs the approvals of the approval policy; writes "
          + "an immutable release record, moves the production alias and keeps the replaced version as previous.")
  static final class Promote extends VersionCommand {
    @Option(names = "--actor", required = true, description = "Release manager.")
    String actor;

    @Option(names = "--commit", required = true, description = "Source commit of the release, e.g. $(git rev-parse HEAD).")
    String commit;

    @Option(names = "--tag", required = true, description = "Release tag.")
    String tag;

    @Option(names = "--config-file", description = "Deployment configuration file; its SHA-256 is recorded.")
    @Nullable Path configFile;

    @Option(names = "--deployment-url", description = "Where it is deployed.")
    @Nullable String deploymentUrl;

    @Option(names = "--reason", defaultValue = "release", description = "Why (default: ${DEFAULT-VALUE}).")
    String reason;

    Promote(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      ReleaseRequest.Builder b = ReleaseRequest.builder().actor(actor).codeCommit(commit).tag(tag).reason(reason);
      if (configFile != null) {
        if (!Files.isRegularFile(configFile)) {
          throw new UncheckedIOException(new IOException("--config-file " + configFile + " not found"));
        }
        b.configDigest(Checksum.sha256(configFile));
      }
      if (deploymentUrl != null) {
        b.deploymentUrl(deploymentUrl);
      }
      try (Governance g = gov.open(store)) {
        print(g.registry().promote(model, version, b.build()));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Put the previous version back in production and deprecate the current one.")
  static final class Rollback extends ModelCommand {
    @Option(names = "--actor", required = true, description = "Who rolls back.")
    String actor;

    @Option(names = "--reason", required = true, description = "Why (e.g. the incident).")
    String reason;

    Rollback(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      try (Governance g = gov.open(store)) {
        print(g.registry().rollback(model, actor, reason));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show a model's versions, aliases, approval status and release records (read-only).")
  static final class Status extends ModelCommand {
    Status(CliContext ctx, GovernanceCli gov) {
      super(ctx, gov);
    }

    @Override
    public Integer call() {
      try (Governance g = gov.open(store)) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("aliases", g.registry().aliases(model));
        Map<String, Object> versions = new LinkedHashMap<>();
        for (VersionEntry e : g.registry().versions(model)) {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("stage", e.stage());
          v.put("approval", g.approvals().status(model, e.version()));
          versions.put(e.version().toString(), v);
        }
        out.put("versions", versions);
        out.put("releases", g.registry().releases(model));
        print(out);
        return ExitCodes.OK;
      }
    }
  }
}
