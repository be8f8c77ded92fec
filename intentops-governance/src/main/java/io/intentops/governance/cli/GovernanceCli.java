package io.intentops.governance.cli;

import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.Governance;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.internal.Json;
import io.intentops.governance.pii.PiiReport;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.governance.policy.Policy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.intentops.governance.report.EvalReportAdapter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code intentops-governance} command line. Subcommands:
 *
 * <ul>
 *   <li>{@code gate --store DIR --model NAME --version X [--policy FILE] (--report report.json | --eval-json
 *       eval.json)}: prints the
 *       verdict JSON on stdout; exit 0 if the version is approved and the policy passes, 1 if blocked,
 *       2 on bad input;
 *   <li>{@code verify-audit --store DIR}: verifies the audit log; exit 0 valid, 1 tampered;
 *   <li>{@code pii-scan FILE...}: PII counts per file and column as JSON.
 * </ul>
 *
 * The audit HMAC key, if the store uses one, comes from the environment variable
 * {@value #ENV_AUDIT_KEY} (hex). Not thread-safe (one invocation per instance).
 */
@Command(name = "intentops-governance", mixinStandardHelpOptions = true, version = "intentops-governance 0.1.0",
    description = "Governance tools: deploy gate, audit verification, PII scan.",
    subcommands = {GovernanceCli.Gate.class, GovernanceCli.VerifyAudit.class, GovernanceCli.PiiScan.class})
public final class GovernanceCli implements Callable<Integer> {
  /** Environment variable holding the audit HMAC key in hex. */
  public static final String ENV_AUDIT_KEY = "INTENTOPS_AUDIT_HMAC_KEY";
  /** Exit code: gate passed / audit valid. */
  public static final int EXIT_OK = 0;
  /** Exit code: gate blocked / audit invalid. */
  public static final int EXIT_BLOCKED = 1;
  /** Exit code: bad input or configuration. */
  public static final int EXIT_ERROR = 2;

  private final PrintStream out;
  private final Map<String, String> env;

  private GovernanceCli(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /** Runs the CLI with the given streams and environment; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    GovernanceCli root = new GovernanceCli(out, env);
    CommandLine cl = new CommandLine(root, new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == Gate.class) {
          return cls.cast(new Gate(root));
        }
        if (cls == VerifyAudit.class) {
          return cls.cast(new VerifyAudit(root));
        }
        if (cls == PiiScan.class) {
          return cls.cast(new PiiScan(root));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    });
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExitCodeExceptionMapper(e -> EXIT_ERROR);
    cl.setExecutionExceptionHandler((e, c, p) -> {
      c.getErr().println("error: " + e.getMessage());
      return EXIT_ERROR;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(out);
    return EXIT_ERROR;
  }

  private byte @Nullable [] auditKey() {
    String hex = env.get(ENV_AUDIT_KEY);
    return hex == null || hex.isBlank() ? null : HexFormat.of().parseHex(hex.strip());
  }

  private Governance open(Path store) {
    Governance.Builder b = Governance.builder().directory(store);
    byte[] key = auditKey();
    if (key != null) {
      b.auditHmacKey(key);
    }
    return b.build();
  }

  /** The deploy gate. */
  @Command(name = "gate", mixinStandardHelpOptions = true,
      description = "Exit 0 only if the version is approved and its policy passes; verdict JSON on stdout.")
  static final class Gate implements Callable<Integer> {
    private final GovernanceCli root;

    @Option(names = "--store", required = true, description = "Governance store directory.")
    Path store;

    @Option(names = "--model", required = true, description = "Model name.")
    String model;

    @Option(names = "--version", required = true, description = "Model version (major.minor.patch-build).")
    String version;

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
          throw new io.intentops.core.ConfigurationException("give exactly one of --report and --eval-json");
        }
        reportBytes = report != null ? Files.readAllBytes(report)
            : EvalReportAdapter.fromEvalJson(evalJson, model).jsonBytes();
        v = ModelVersion.parse(version);
        if (!Files.isDirectory(store)) {
          throw new io.intentops.core.ConfigurationException("Store directory " + store + " does not exist");
        }
      } catch (IntentOpsException | IOException e) {
        root.out.println(Json.compactString(Map.of("passed", false, "error", String.valueOf(e.getMessage()))));
        return EXIT_ERROR;
      }
      try (Governance gov = root.open(store)) {
        DeployVerdict g = gov.gate().check(model, v, p, reportBytes, actor);
        root.out.print(new String(Json.prettyBytes(g), StandardCharsets.UTF_8));
        return g.passed() ? EXIT_OK : EXIT_BLOCKED;
      } catch (IntentOpsException e) {
        root.out.println(Json.compactString(Map.of("passed", false, "error", String.valueOf(e.getMessage()))));
        return EXIT_ERROR;
      }
    }
  }

  /** Audit verification. */
  @Command(name = "verify-audit", mixinStandardHelpOptions = true,
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
      AuditLog.Builder b = AuditLog.builder().directory(store.resolve(Governance.DEFAULT_AUDIT_DIR));
      byte[] key = root.auditKey();
      if (key != null) {
        b.hmacKey(key);
      }
      try (AuditLog log = b.open()) {
        AuditVerification v = log.verify();
        root.out.print(new String(Json.prettyBytes(v), StandardCharsets.UTF_8));
        return v.valid() ? EXIT_OK : EXIT_BLOCKED;
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
      return EXIT_OK;
    }
  }
}
