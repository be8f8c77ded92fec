package io.intentops.cli.governance;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.core.Clock;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.Governance;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.pii.PiiReport;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.governance.policy.Policy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import io.intentops.governance.report.EvalReportAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Governance subcommands of {@code intentops} that read or check a governance store:
 *
 * <ul>
 *   <li>{@code release gate --store DIR --model NAME --version X [--policy FILE] (--report report.json |
 *       --eval-json eval.json)}: prints the verdict JSON on stdout; exit 0 if the version is approved and
 *       the policy passes, 1 if blocked, 2 on contradicting options, 3 on bad input;
 *   <li>{@code audit verify --store DIR}: verifies the audit log; exit 0 valid, 1 tampered;
 *   <li>{@code pii-scan FILE...}: PII counts per file and column as JSON.
 * </ul>
 *
 * The audit HMAC key, if the store uses one, comes from the environment variable
 * {@value #ENV_AUDIT_KEY} (hex). Not thread-safe (one invocation per instance).
 */
public final class GovernanceCli {
  /** Environment variable holding the audit HMAC key in hex. */
  public static final String ENV_AUDIT_KEY = "INTENTOPS_AUDIT_HMAC_KEY";

  private final PrintStream out;
  private final Map<String, String> env;
  private final Clock clock;

  /** The commands over {@code ctx} (its stdout and environment). */
  public GovernanceCli(CliContext ctx) {
    this.out = ctx.out();
    this.env = ctx.env();
    this.clock = ctx.clock();
  }

  /** A new {@code release gate} command. */
  public Object gate() {
    return new Gate(this);
  }

  /** A new {@code audit verify} command. */
  public Object verifyAudit() {
    return new VerifyAudit(this);
  }

  /** A new {@code pii-scan} command. */
  public Object piiScan() {
    return new PiiScan(this);
  }

  byte @Nullable [] auditKey() {
    String hex = env.get(ENV_AUDIT_KEY);
    return hex == null || hex.isBlank() ? null : HexFormat.of().parseHex(hex.strip());
  }

  /** Opens the governance store in {@code store}, which must exist (a typo must not create an empty store). */
  Governance open(Path store) {
    requireStore(store);
    Governance.Builder b = Governance.builder().directory(store).clock(clock);
    byte[] key = auditKey();
    if (key != null) {
      b.auditHmacKey(key);
    }
    return b.build();
  }

  /** Opens the audit log of the store in {@code store}. */
  AuditLog auditLog(Path store) {
    requireStore(store);
    AuditLog.Builder b = AuditLog.builder().directory(store.resolve(Governance.DEFAULT_AUDIT_DIR)).clock(clock);
    byte[] key = auditKey();
    if (key != null) {
      b.hmacKey(key);
    }
    return b.open();
  }

  static void requireStore(Path store) {
    if (!Files.isDirectory(store)) {
      throw new io.intentops.core.ConfigurationException("Store directory " + store + " does not exist");
    }
  }

  /** The deploy gate. */
  @Command(name = "gate",
      description = "Deploy gate: exit 0 only if the version is approved and its policy passes; verdict JSON on stdout.")
  static final class Gate implements Callable<Integer> {
    private final GovernanceCli root;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    @Option(names = "--model", required = true, description = "Model name.")
    String model;

    @Option(names = "--version", required = true, description = "Model version (major.minor.patch-build).")
    String version;

    // --version names the model version, so the standard -V/--version mixin cannot be used; help only.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--policy", description = "Policy JSON file (default: the built-in release policy).")
    @Nullable Path policy;

    @Option(names = "--report", description = "Governance report JSON (the one attached to the version).")
    @Nullable Path report;

    @Option(names = "--eval-json", description = "Instead of --report: the eval harness's eval.json, mapped to the "
        + "governance report of --model with EvalReportAdapter (must give the report attached to the version).")
    @Nullable Path evalJson;

    @Option(names = "--actor", defaultValue = "gate-cli", description = "Who runs the gate (recorded in the audit log).")
    String actor;

    Gate(GovernanceCli root) {
      this.root = root;
    }

    @Override
    public Integer call() throws IOException {
      Policy p;
      byte[] reportBytes;
      ModelVersion v;
      try {
        p = policy == null ? Policy.defaultPolicy() : Policy.load(policy);
        if ((report == null) == (evalJson == null)) {
          root.out.println(Json.compactString(Map.of("passed", false, "error", "give exactly one of --report and --eval-json")));
          return ExitCodes.USAGE;
        }
        reportBytes = report != null ? Files.readAllBytes(report)
            : EvalReportAdapter.fromEvalJson(evalJson, model).jsonBytes();
        v = ModelVersion.parse(version);
        requireStore(store);
      } catch (IntentOpsException | IOException e) {
        root.out.println(Json.compactString(Map.of("passed", false, "error", String.valueOf(e.getMessage()))));
        return ExitCodes.INPUT;
      }
      try (Governance gov = root.open(store)) {
        DeployVerdict g = gov.gate().check(model, v, p, reportBytes, actor);
        root.out.print(new String(Json.prettyBytes(g), StandardCharsets.UTF_8));
        return g.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
      } catch (IntentOpsException e) {
        root.out.println(Json.compactString(Map.of("passed", false, "error", String.valueOf(e.getMessage()))));
        return ExitCodes.INPUT;
      }
    }
  }

  /** Audit verification. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify the store's audit log; prints the result JSON; exit 0 if valid.")
  static final class VerifyAudit implements Callable<Integer> {
    private final GovernanceCli root;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    VerifyAudit(GovernanceCli root) {
      this.root = root;
    }

    @Override
    public Integer call() {
      try (AuditLog log = root.auditLog(store)) {
        AuditVerification v = log.verify();
        root.out.print(new String(Json.prettyBytes(v), StandardCharsets.UTF_8));
        return v.valid() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
      }
    }
  }

  /** PII scan. */
  @Command(name = "pii-scan", mixinStandardHelpOptions = true,
      description = "Count PII per file and column (values are never printed).")
  static final class PiiScan implements Callable<Integer> {
    private final GovernanceCli root;

    @Parameters(arity = "1..*", description = "Files to scan.")
    List<Path> files = new ArrayList<>();

    PiiScan(GovernanceCli root) {
      this.root = root;
    }

    @Override
    public Integer call() {
      PiiScanner s = PiiScanner.create();
      List<PiiReport> reports = new ArrayList<>();
      for (Path f : files) {
        reports.add(s.scanFile(f));
      }
      root.out.print(new String(Json.prettyBytes(reports), StandardCharsets.UTF_8));
      return ExitCodes.OK;
    }
  }
}
