package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.StoreException;
import io.intentops.governance.policy.ThresholdCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The two modes of the release SOP, each ending in an {@link ApprovalRecord}:
 *
 * <ul>
 *   <li>interactive: shows metrics, policy checks and risk on a console, asks {@code y/n} and a
 *       rationale (takes a {@link Reader}/{@link PrintStream} so that it is testable);
 *   <li>automated: reads {@code DEPLOY_APPROVAL} ({@code y}/{@code n}), {@code APPROVER},
 *       {@code APPROVER_ROLE} and {@code APPROVAL_RATIONALE} from an environment map (CI).
 * </ul>
 *
 * Separation of duties, role validation and finality are enforced by {@link Approvals}. Stateless;
 * thread-safe if the streams are not shared.
 */
public final class ReleaseSop {
  /** Environment variable: {@code y} to approve, {@code n} to reject. */
  public static final String ENV_DECISION = "DEPLOY_APPROVAL";
  /** Environment variable: approver identity. */
  public static final String ENV_APPROVER = "APPROVER";
  /** Environment variable: approver role ({@link Role} name). */
  public static final String ENV_ROLE = "APPROVER_ROLE";
  /** Environment variable: rationale. */
  public static final String ENV_RATIONALE = "APPROVAL_RATIONALE";
  /** Attempts at a valid answer before the prompt gives up. */
  public static final int MAX_ATTEMPTS = 3;

  private final Approvals approvals;
  private final io.intentops.governance.auth.@Nullable Principal principal;

  private ReleaseSop(Approvals approvals, io.intentops.governance.auth.@Nullable Principal principal) {
    this.approvals = approvals;
    this.principal = principal;
  }

  /** The SOP over {@code approvals}, unauthenticated (embedded/dev mode; refused when an authorizer is configured). */
  public static ReleaseSop using(Approvals approvals) {
    return new ReleaseSop(Objects.requireNonNull(approvals), null);
  }

  /**
   * The SOP over {@code approvals} for one authenticated approver: decisions go through
   * {@link Approvals#decide(io.intentops.governance.auth.Principal, String, io.intentops.core.ModelVersion, Decision)},
   * so the approver given must be {@code who} and the role one {@code who} holds.
   */
  public static ReleaseSop using(Approvals approvals, io.intentops.governance.auth.Principal who) {
    return new ReleaseSop(Objects.requireNonNull(approvals), Objects.requireNonNull(who));
  }

  private ApprovalRecord record(SopContext ctx, Decision d) {
    return principal == null ? approvals.decide(ctx.model(), ctx.version(), d)
        : approvals.decide(principal, ctx.model(), ctx.version(), d);
  }

  /**
   * Interactive mode: prints the context to {@code out}, reads the answer and rationale from {@code in}.
   *
   * @throws InvalidInputException when input ends or no valid answer comes in {@value #MAX_ATTEMPTS} tries
   */
  public ApprovalRecord interactive(SopContext ctx, String approver, String role, Reader in, PrintStream out) {
    if (principal == null) {
      checkRole(role); // reject an unknown role before asking anything
    } else if (!principal.hasRole(role)) {
      // Asking first would waste the approver's time; decide() audits the refusal.
      return record(ctx, decision(ctx, approver, role, false, "role check", DecisionMode.INTERACTIVE));
    }
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    out.println("=== Release approval: " + ctx.model() + " " + ctx.version() + " ===");
    out.println("Metrics:");
    ctx.evaluationSummary().forEach((k, v) -> out.printf(Locale.ROOT, "  %-32s %.4f%n", k, v));
    out.println("Threshold checks (policy " + ctx.verdict().policy() + "):");
    for (ThresholdCheck c : ctx.verdict().checks()) {
      out.printf(Locale.ROOT, "  [%s] rule %d: %s %s %s (actual %s)%n", c.passed() ? "PASS" : "FAIL", c.rule(),
          c.metric(), c.operator(), c.expected(), c.actual());
    }
    out.println("Risk: " + ctx.riskSummary());
    if (ctx.deploymentUrl() != null) {
      out.println("Deployment: " + ctx.deploymentUrl());
    }
    Boolean approved = null;
    for (int i = 0; i < MAX_ATTEMPTS && approved == null; i++) {
      out.print("Approve deployment as " + approver + " (" + role + ")? [y/n]: ");
      out.flush();
      String a = readLine(r);
      switch (a.strip().toLowerCase(Locale.ROOT)) {
        case "y", "yes" -> approved = true;
        case "n", "no" -> approved = false;
        default -> out.println("Please answer y or n.");
      }
    }
    if (approved == null) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "No y/n answer after " + MAX_ATTEMPTS + " attempts; nothing recorded");
    }
    String rationale = "";
    for (int i = 0; i < MAX_ATTEMPTS && rationale.isBlank(); i++) {
      out.print("Rationale: ");
      out.flush();
      rationale = readLine(r).strip();
    }
    if (rationale.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "A rationale is required; nothing recorded");
    }
    ApprovalRecord rec = record(ctx, decision(ctx, approver, role, approved, rationale, DecisionMode.INTERACTIVE));
    out.println("Recorded " + rec.approvalId() + ": " + (rec.approved() ? "APPROVED" : "REJECTED"));
    return rec;
  }

  /**
   * Automated mode from environment variables {@value #ENV_DECISION}, {@value #ENV_APPROVER},
   * {@value #ENV_ROLE} and {@value #ENV_RATIONALE}.
   *
   * @throws ConfigurationException naming the variable that is missing or invalid
   */
  public ApprovalRecord automated(SopContext ctx, Map<String, String> env) {
    String d = require(env, ENV_DECISION).toLowerCase(Locale.ROOT);
    boolean approved = switch (d) {
      case "y", "yes", "true" -> true;
      case "n", "no", "false" -> false;
      default -> throw new ConfigurationException(ENV_DECISION + " must be y or n, got '" + d + "'");
    };
    return record(ctx, decision(ctx, require(env, ENV_APPROVER), require(env, ENV_ROLE), approved,
        require(env, ENV_RATIONALE), DecisionMode.AUTOMATED));
  }

  /** Unauthenticated mode accepts the predefined roles (review-step roles are checked by decide()). */
  private static void checkRole(String role) {
    try {
      Role.parse(role);
    } catch (io.intentops.governance.policy.UnknownRoleException e) {
      io.intentops.governance.auth.Principal.normalizeRole(role); // at least well-formed; decide() decides
    }
  }

  private static Decision decision(SopContext ctx, String approver, String role, boolean approved, String rationale,
      DecisionMode mode) {
    return new Decision(approver, role, approved, rationale, mode, ctx.verdict().checks(), ctx.evaluationSummary(),
        ctx.riskSummary(), ctx.deploymentUrl());
  }

  private static String require(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException("Environment variable " + name + " is required for automated approval");
    }
    return v.strip();
  }

  private static String readLine(BufferedReader r) {
    try {
      String s = r.readLine();
      if (s == null) {
        throw new InvalidInputException(InvalidInputException.Reason.EMPTY, "Input ended before an answer; nothing recorded");
      }
      return s;
    } catch (IOException e) {
      throw new StoreException("Cannot read the console: " + e.getMessage(), e);
    }
  }
}
