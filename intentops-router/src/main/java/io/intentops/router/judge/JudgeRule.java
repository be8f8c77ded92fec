package io.intentops.router.judge;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One SLO of a candidate, expressed as a proportion of its requests that must stay at or below a limit
 * (or, for {@link Kind#LABEL_SHIFT}, a distance between distributions). The judge tests each proportion
 * rule sequentially: "the candidate's rate is at the limit" against "it is {@code detectRatio} times
 * the limit"; the evidence needed to decide shrinks as the real rate moves away from the limit.
 * Immutable; build with the static factories.
 *
 * @param kind what is counted
 * @param name short name used in decision logs and rollback records, unique within a {@link JudgeConfig}
 * @param limit the largest acceptable proportion; for the {@code *_ABOVE_STABLE} kinds, the largest
 *     acceptable excess over the stable version's rate on the same traffic; for {@link Kind#LABEL_SHIFT},
 *     the largest acceptable total-variation distance
 * @param detectRatio the alternative hypothesis: the rate {@code limit * detectRatio} (capped below 1)
 *     that the test is tuned to detect fastest; greater than 1 (unused by {@link Kind#LABEL_SHIFT})
 * @param latencyTarget the latency a request must not exceed, for {@link Kind#SLOW_REQUESTS}; else null
 */
public record JudgeRule(Kind kind, String name, double limit, double detectRatio, @Nullable Duration latencyTarget) {

  /** What a rule counts. */
  public enum Kind {
    /** Server errors among the candidate's requests. */
    SERVER_ERRORS,
    /** Candidate requests slower than {@link #latencyTarget()} (a p95 rule is a 5 % limit). */
    SLOW_REQUESTS,
    /**
     * Candidate requests slower than the stable version's measured percentile {@code 1 - limit} on the same
     * traffic: a candidate as fast as stable has exactly {@code limit} of its requests there.
     */
    SLOWER_THAN_STABLE,
    /** Candidate server-error rate minus stable's on the same traffic. */
    ERRORS_ABOVE_STABLE,
    /** Candidate out-of-scope rate minus stable's on the same traffic (needs an out-of-scope function). */
    OUT_OF_SCOPE_ABOVE_STABLE,
    /** Shadow comparisons of the candidate that disagree with the stable answer (needs a shadow configuration). */
    SHADOW_DISAGREEMENT,
    /** Total-variation distance between the candidate's and stable's predicted-label distributions (needs a label function). */
    LABEL_SHIFT
  }

  public JudgeRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new ConfigurationException("JudgeRule.name must not be blank");
    }
    if (!(limit > 0.0 && limit < 1.0)) {
      throw new ConfigurationException("JudgeRule " + name + ": limit must be in (0, 1), got " + limit);
    }
    if (kind != Kind.LABEL_SHIFT && !(detectRatio > 1.0 && detectRatio <= 1000.0)) {
      throw new ConfigurationException("JudgeRule " + name + ": detectRatio must be in (1, 1000], got " + detectRatio);
    }
    if ((kind == Kind.SLOW_REQUESTS) != (latencyTarget != null)) {
      throw new ConfigurationException("JudgeRule " + name + ": a latency target is required for SLOW_REQUESTS and "
          + "only there");
    }
    if (latencyTarget != null && (latencyTarget.isNegative() || latencyTarget.isZero()
        || latencyTarget.toNanos() % 1000 != 0)) {
      throw new ConfigurationException("JudgeRule " + name + ": latencyTarget must be positive whole microseconds, got "
          + latencyTarget);
    }
  }

  /** Server-error share at most {@code maxRate}; the test is tuned to detect {@code maxRate * detectRatio}. */
  public static JudgeRule serverErrors(double maxRate, double detectRatio) {
    return new JudgeRule(Kind.SERVER_ERRORS, "errors<=" + pct(maxRate), maxRate, detectRatio, null);
  }

  /**
   * At most {@code maxShare} of requests slower than {@code target}: {@code latency(150 ms, 0.05, r)} is
   * "p95 at most 150 ms", {@code latency(t, 0.01, r)} a p99 rule.
   */
  public static JudgeRule latency(Duration target, double maxShare, double detectRatio) {
    Objects.requireNonNull(target, "target");
    return new JudgeRule(Kind.SLOW_REQUESTS, "p" + pctile(1 - maxShare) + "<=" + target.toMillis() + "ms", maxShare,
        detectRatio, target);
  }

  /**
   * At most {@code share} of the candidate's requests slower than stable's measured percentile {@code 1 - share}
   * (0.05: the candidate's p95 is not above stable's p95).
   */
  public static JudgeRule slowerThanStable(double share, double detectRatio) {
    return new JudgeRule(Kind.SLOWER_THAN_STABLE, "p" + pctile(1 - share) + "<=stable", share, detectRatio, null);
  }

  /** Candidate server-error rate at most stable's plus {@code margin}. */
  public static JudgeRule errorsAboveStable(double margin, double detectRatio) {
    return new JudgeRule(Kind.ERRORS_ABOVE_STABLE, "errors<=stable+" + pct(margin), margin, detectRatio, null);
  }

  /** Candidate out-of-scope rate at most stable's plus {@code margin}. */
  public static JudgeRule outOfScopeAboveStable(double margin, double detectRatio) {
    return new JudgeRule(Kind.OUT_OF_SCOPE_ABOVE_STABLE, "oos<=stable+" + pct(margin), margin, detectRatio, null);
  }

  /** Shadow disagreement share at most {@code maxRate}. */
  public static JudgeRule shadowDisagreement(double maxRate, double detectRatio) {
    return new JudgeRule(Kind.SHADOW_DISAGREEMENT, "shadow-disagreement<=" + pct(maxRate), maxRate, detectRatio, null);
  }

  /** Total-variation distance of predicted labels against stable at most {@code maxDistance}. */
  public static JudgeRule labelShift(double maxDistance) {
    return new JudgeRule(Kind.LABEL_SHIFT, "label-shift<=" + String.format(Locale.ROOT, "%.2f", maxDistance),
        maxDistance, 2.0, null);
  }

  /** The same rule under another name (names must be unique within a configuration). */
  public JudgeRule named(String newName) {
    return new JudgeRule(kind, newName, limit, detectRatio, latencyTarget);
  }

  /** Whether the rule compares against the stable version's evidence. */
  public boolean relative() {
    return kind == Kind.SLOWER_THAN_STABLE || kind == Kind.ERRORS_ABOVE_STABLE
        || kind == Kind.OUT_OF_SCOPE_ABOVE_STABLE || kind == Kind.LABEL_SHIFT;
  }

  private static String pct(double r) {
    return String.format(Locale.ROOT, "%.3g%%", 100 * r);
  }

  private static String pctile(double q) {
    String s = String.format(Locale.ROOT, "%.3g", 100 * q);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  @Override
  public String toString() {
    return name;
  }
}
