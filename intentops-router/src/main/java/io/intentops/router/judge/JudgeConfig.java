package io.intentops.router.judge;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the canary judge decides: the rules, the error rates of the sequential tests and how much
 * evidence a verdict needs. Immutable and thread-safe; build with {@link #custom()}. The defaults are
 * what {@link io.intentops.router.Router} uses; their measured detection times and false-rollback rates
 * at 2, 20 and 200 requests per second are in {@code docs/router.md}.
 */
public final class JudgeConfig {
  /**
   * The default rules: server errors at most 0.5 % (tuned to detect 4 %) and at most 2 % (tuned to
   * detect 10 %, the service plan's rule); p95 at most 150 ms (at most 5 % of requests slower, tuned
   * to detect 20 %); the candidate's p95 and p99 not above stable's measured p95 and p99 on the same
   * traffic (tuned to detect 3 and 4 times the expected 5 % and 1 %); server errors at most stable's plus
   * 1 percentage point. Quality guardrails, applied only when the router has their input: out-of-scope
   * rate at most stable's plus 5 points (tuned to detect 3x that), predicted-label distribution within
   * total-variation distance 0.15 of stable's, shadow disagreement at most 20 % (tuned to detect 40 %).
   */
  public static final List<JudgeRule> DEFAULT_RULES = List.of(
      JudgeRule.serverErrors(0.005, 8),
      JudgeRule.serverErrors(0.02, 5),
      JudgeRule.latency(Duration.ofMillis(150), 0.05, 4),
      JudgeRule.slowerThanStable(0.05, 3),
      JudgeRule.slowerThanStable(0.01, 4),
      JudgeRule.errorsAboveStable(0.01, 4),
      JudgeRule.outOfScopeAboveStable(0.05, 3),
      JudgeRule.labelShift(0.15),
      JudgeRule.shadowDisagreement(0.20, 2));
  /**
   * Bound on false rollbacks per candidate-day for a candidate sitting exactly at every limit, split
   * evenly over the rules the judge applies. A candidate below its limits is rolled back far less often (measured in
   * {@code docs/router.md}).
   */
  public static final double DEFAULT_FALSE_ROLLBACKS_PER_DAY = 0.2;
  /** A HEALTHY verdict needs the evidence to favour "at the limit" over the alternative by 1/0.05 = 20 to 1. */
  public static final double DEFAULT_HEALTHY_BETA = 0.05;
  /** Candidate requests a rule needs before it gives any verdict but INCONCLUSIVE. */
  public static final long DEFAULT_MIN_REQUESTS = 20;
  /** Stable requests (live or from warm-up) a relative rule needs before it judges. */
  public static final long DEFAULT_MIN_BASELINE_REQUESTS = 200;
  /** Decisions kept per candidate. */
  public static final int DEFAULT_DECISION_LOG_SIZE = 256;
  /** A decision is logged when the verdict changes and otherwise at most this often. */
  public static final Duration DEFAULT_DECISION_LOG_INTERVAL = Duration.ofMinutes(1);
  /** The candidate's request rate is estimated over at least this long (the threshold depends on it). */
  public static final Duration DEFAULT_MIN_RATE_WINDOW = Duration.ofMinutes(1);

  private static final JudgeConfig DEFAULTS = custom().build();

  private final List<JudgeRule> rules;
  private final double falseRollbacksPerDay;
  private final double healthyBeta;
  private final long minRequests;
  private final long minBaselineRequests;
  private final int decisionLogSize;
  private final Duration decisionLogInterval;
  private final Duration minRateWindow;

  private JudgeConfig(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.falseRollbacksPerDay = b.falseRollbacksPerDay;
    this.healthyBeta = b.healthyBeta;
    this.minRequests = b.minRequests;
    this.minBaselineRequests = b.minBaselineRequests;
    this.decisionLogSize = b.decisionLogSize;
    this.decisionLogInterval = b.decisionLogInterval;
    this.minRateWindow = b.minRateWindow;
  }

  /** The default configuration. */
  public static JudgeConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(JudgeConfig base) {
    Builder b = new Builder();
    b.rules = base.rules;
    b.falseRollbacksPerDay = base.falseRollbacksPerDay;
    b.healthyBeta = base.healthyBeta;
    b.minRequests = base.minRequests;
    b.minBaselineRequests = base.minBaselineRequests;
    b.decisionLogSize = base.decisionLogSize;
    b.decisionLogInterval = base.decisionLogInterval;
    b.minRateWindow = base.minRateWindow;
    return b;
  }

  /** The rules, in decision-log order. */
  public List<JudgeRule> rules() {
    return rules;
  }

  /** False rollbacks per candidate-day allowed for a candidate exactly at its limits, over all rules. */
  public double falseRollbacksPerDay() {
    return falseRollbacksPerDay;
  }

  /** The type II error of the HEALTHY decision: evidence ratio 1/beta in favour of "at the limit". */
  public double healthyBeta() {
    return healthyBeta;
  }

  public long minRequests() {
    return minRequests;
  }

  public long minBaselineRequests() {
    return minBaselineRequests;
  }

  public int decisionLogSize() {
    return decisionLogSize;
  }

  public Duration decisionLogInterval() {
    return decisionLogInterval;
  }

  public Duration minRateWindow() {
    return minRateWindow;
  }

  /** Builder for {@link JudgeConfig}; not thread-safe. */
  public static final class Builder {
    private List<JudgeRule> rules = DEFAULT_RULES;
    private double falseRollbacksPerDay = DEFAULT_FALSE_ROLLBACKS_PER_DAY;
    private double healthyBeta = DEFAULT_HEALTHY_BETA;
    private long minRequests = DEFAULT_MIN_REQUESTS;
    private long minBaselineRequests = DEFAULT_MIN_BASELINE_REQUESTS;
    private int decisionLogSize = DEFAULT_DECISION_LOG_SIZE;
    private Duration decisionLogInterval = DEFAULT_DECISION_LOG_INTERVAL;
    private Duration minRateWindow = DEFAULT_MIN_RATE_WINDOW;

    private Builder() {}

    /** Replaces the rules. */
    public Builder rules(List<JudgeRule> rules) {
      this.rules = List.copyOf(rules);
      return this;
    }

    /** Replaces the rules. */
    public Builder rules(JudgeRule... rules) {
      return rules(List.of(rules));
    }

    public Builder falseRollbacksPerDay(double rate) {
      this.falseRollbacksPerDay = rate;
      return this;
    }

    public Builder healthyBeta(double beta) {
      this.healthyBeta = beta;
      return this;
    }

    public Builder minRequests(long n) {
      this.minRequests = n;
      return this;
    }

    public Builder minBaselineRequests(long n) {
      this.minBaselineRequests = n;
      return this;
    }

    public Builder decisionLogSize(int n) {
      this.decisionLogSize = n;
      return this;
    }

    public Builder decisionLogInterval(Duration d) {
      this.decisionLogInterval = Objects.requireNonNull(d, "decisionLogInterval");
      return this;
    }

    public Builder minRateWindow(Duration d) {
      this.minRateWindow = Objects.requireNonNull(d, "minRateWindow");
      return this;
    }

    /** Validates and builds. @throws ConfigurationException naming the offending field */
    public JudgeConfig build() {
      if (rules.isEmpty()) {
        throw new ConfigurationException("JudgeConfig.rules must not be empty");
      }
      Set<String> names = new HashSet<>();
      for (JudgeRule r : rules) {
        if (!names.add(r.name())) {
          throw new ConfigurationException("JudgeConfig.rules has two rules named " + r.name()
              + "; rename one with JudgeRule.named");
        }
      }
      if (!(falseRollbacksPerDay > 0.0 && falseRollbacksPerDay < 1.0)) {
        throw new ConfigurationException(
            "JudgeConfig.falseRollbacksPerDay must be in (0, 1), got " + falseRollbacksPerDay);
      }
      if (!(healthyBeta > 0.0 && healthyBeta < 0.5)) {
        throw new ConfigurationException("JudgeConfig.healthyBeta must be in (0, 0.5), got " + healthyBeta);
      }
      if (minRequests < 1) {
        throw new ConfigurationException("JudgeConfig.minRequests must be >= 1, got " + minRequests);
      }
      if (minBaselineRequests < 1) {
        throw new ConfigurationException("JudgeConfig.minBaselineRequests must be >= 1, got " + minBaselineRequests);
      }
      if (decisionLogSize < 1 || decisionLogSize > 100_000) {
        throw new ConfigurationException("JudgeConfig.decisionLogSize must be in [1, 100000], got " + decisionLogSize);
      }
      if (decisionLogInterval.isNegative()) {
        throw new ConfigurationException("JudgeConfig.decisionLogInterval must not be negative, got "
            + decisionLogInterval);
      }
      if (minRateWindow.isNegative() || minRateWindow.isZero()) {
        throw new ConfigurationException("JudgeConfig.minRateWindow must be positive, got " + minRateWindow);
      }
      return new JudgeConfig(this);
    }
  }
}
