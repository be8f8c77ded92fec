package io.intentops.router;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The service-level objective a candidate version must keep, and how breaches turn into a rollback.
 * A window breaches when it has at least {@link #minRequestsPerWindow()} requests and its p95 latency
 * exceeds {@link #maxP95Latency()} or its server-error rate exceeds {@link #maxServerErrorRate()}; the
 * alarm fires after {@link #breachingWindows()} breaching windows without an intervening recovery of
 * {@link #recoveryWindowsToReset()} healthy windows. Inside a {@link Router} the windows are
 * informational (dashboards, {@link RollbackController#recentWindows}) and set the latency histogram bins
 * the canary judge reads; rollbacks and step advances are decided by the judge ({@link
 * io.intentops.router.judge.JudgeConfig}). The window alarm serves {@link FleetSlo}. Immutable and
 * thread-safe; build with {@link #custom()}. See {@code docs/router.md}.
 */
public final class SloConfig {
  public static final Duration DEFAULT_MAX_P95_LATENCY = Duration.ofMillis(150);
  /** 0.5 %. */
  public static final double DEFAULT_MAX_SERVER_ERROR_RATE = 0.005;
  public static final Duration DEFAULT_WINDOW_LENGTH = Duration.ofMinutes(1);
  public static final int DEFAULT_BREACHING_WINDOWS = 5;
  public static final long DEFAULT_MIN_REQUESTS_PER_WINDOW = 100;
  /** Two healthy windows are needed to forget earlier breaches (one is not enough). */
  public static final int DEFAULT_RECOVERY_WINDOWS_TO_RESET = 2;
  /** How long after a second ends before it is folded into a window (late writes). */
  public static final Duration DEFAULT_EVALUATION_DELAY = Duration.ofSeconds(1);
  /** Upper bounds of the latency histogram buckets in milliseconds; the SLO threshold is always added. */
  public static final List<Duration> DEFAULT_LATENCY_BOUNDARIES = millis(
      1, 2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000,
      3000, 5000, 10000, 30000);

  private static final SloConfig DEFAULTS = custom().build();

  private final Duration maxP95Latency;
  private final double maxServerErrorRate;
  private final Duration windowLength;
  private final int breachingWindows;
  private final long minRequestsPerWindow;
  private final int recoveryWindowsToReset;
  private final Duration evaluationDelay;
  private final List<Duration> latencyBoundaries;

  private SloConfig(Builder b, List<Duration> boundaries) {
    this.maxP95Latency = b.maxP95Latency;
    this.maxServerErrorRate = b.maxServerErrorRate;
    this.windowLength = b.windowLength;
    this.breachingWindows = b.breachingWindows;
    this.minRequestsPerWindow = b.minRequestsPerWindow;
    this.recoveryWindowsToReset = b.recoveryWindowsToReset;
    this.evaluationDelay = b.evaluationDelay;
    this.latencyBoundaries = boundaries;
  }

  public static SloConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A window breaches when its p95 (bucket upper bound) is strictly greater than this. */
  public Duration maxP95Latency() {
    return maxP95Latency;
  }

  /** A window breaches when server errors / requests is strictly greater than this fraction. */
  public double maxServerErrorRate() {
    return maxServerErrorRate;
  }

  /** Length of one evaluation window; whole seconds. Windows are aligned to the epoch. */
  public Duration windowLength() {
    return windowLength;
  }

  /** Breaching windows that fire the alarm. */
  public int breachingWindows() {
    return breachingWindows;
  }

  /** Windows with fewer SLO-relevant requests are inconclusive. */
  public long minRequestsPerWindow() {
    return minRequestsPerWindow;
  }

  /** Healthy windows in a row that clear a partial breach streak; 1 means strictly consecutive breaches. */
  public int recoveryWindowsToReset() {
    return recoveryWindowsToReset;
  }

  /** Delay after a second ends before it is folded; whole seconds, may be zero. */
  public Duration evaluationDelay() {
    return evaluationDelay;
  }

  /** Sorted histogram bucket upper bounds, including {@link #maxP95Latency()}; values above the last go to an overflow bucket. */
  public List<Duration> latencyBoundaries() {
    return latencyBoundaries;
  }

  private static List<Duration> millis(long... ms) {
    Duration[] out = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) {
      out[i] = Duration.ofMillis(ms[i]);
    }
    return List.of(out);
  }

  /** Builder for {@link SloConfig}; not thread-safe. */
  public static final class Builder {
    private Duration maxP95Latency = DEFAULT_MAX_P95_LATENCY;
    private double maxServerErrorRate = DEFAULT_MAX_SERVER_ERROR_RATE;
    private Duration windowLength = DEFAULT_WINDOW_LENGTH;
    private int breachingWindows = DEFAULT_BREACHING_WINDOWS;
    private long minRequestsPerWindow = DEFAULT_MIN_REQUESTS_PER_WINDOW;
    private int recoveryWindowsToReset = DEFAULT_RECOVERY_WINDOWS_TO_RESET;
    private Duration evaluationDelay = DEFAULT_EVALUATION_DELAY;
    private List<Duration> latencyBoundaries = DEFAULT_LATENCY_BOUNDARIES;

    private Builder() {}

    public Builder maxP95Latency(Duration d) {
      this.maxP95Latency = Objects.requireNonNull(d, "maxP95Latency");
      return this;
    }

    public Builder maxServerErrorRate(double rate) {
      this.maxServerErrorRate = rate;
      return this;
    }

    public Builder windowLength(Duration d) {
      this.windowLength = Objects.requireNonNull(d, "windowLength");
      return this;
    }

    public Builder breachingWindows(int n) {
      this.breachingWindows = n;
      return this;
    }

    public Builder minRequestsPerWindow(long n) {
      this.minRequestsPerWindow = n;
      return this;
    }

    public Builder recoveryWindowsToReset(int n) {
      this.recoveryWindowsToReset = n;
      return this;
    }

    public Builder evaluationDelay(Duration d) {
      this.evaluationDelay = Objects.requireNonNull(d, "evaluationDelay");
      return this;
    }

    public Builder latencyBoundaries(List<Duration> boundaries) {
      this.latencyBoundaries = List.copyOf(boundaries);
      return this;
    }

    /** Validates and builds. @throws ConfigurationException naming the offending field */
    public SloConfig build() {
      if (maxP95Latency.isNegative() || maxP95Latency.isZero()) {
        throw new ConfigurationException("SloConfig.maxP95Latency must be positive, got " + maxP95Latency);
      }
      if (!(maxServerErrorRate >= 0.0 && maxServerErrorRate < 1.0)) {
        throw new ConfigurationException("SloConfig.maxServerErrorRate must be in [0, 1), got " + maxServerErrorRate);
      }
      if (windowLength.getNano() != 0 || windowLength.getSeconds() < 1 || windowLength.getSeconds() > 86_400) {
        throw new ConfigurationException(
            "SloConfig.windowLength must be whole seconds between 1 s and 1 day, got " + windowLength);
      }
      if (breachingWindows < 1) {
        throw new ConfigurationException("SloConfig.breachingWindows must be >= 1, got " + breachingWindows);
      }
      if (minRequestsPerWindow < 1) {
        throw new ConfigurationException("SloConfig.minRequestsPerWindow must be >= 1, got " + minRequestsPerWindow);
      }
      if (recoveryWindowsToReset < 1) {
        throw new ConfigurationException(
            "SloConfig.recoveryWindowsToReset must be >= 1, got " + recoveryWindowsToReset);
      }
      if (evaluationDelay.isNegative() || evaluationDelay.getNano() != 0 || evaluationDelay.getSeconds() > 60) {
        throw new ConfigurationException(
            "SloConfig.evaluationDelay must be whole seconds between 0 and 60, got " + evaluationDelay);
      }
      TreeSet<Duration> bounds = new TreeSet<>();
      for (Duration d : latencyBoundaries) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new ConfigurationException("SloConfig.latencyBoundaries must be positive durations, got " + d);
        }
        if (d.toNanos() % 1000 != 0) {
          throw new ConfigurationException("SloConfig.latencyBoundaries must be whole microseconds, got " + d);
        }
        bounds.add(d);
      }
      if (maxP95Latency.toNanos() % 1000 != 0) {
        throw new ConfigurationException("SloConfig.maxP95Latency must be whole microseconds, got " + maxP95Latency);
      }
      bounds.add(maxP95Latency);
      if (bounds.size() > 256) {
        throw new ConfigurationException("SloConfig.latencyBoundaries allows at most 255 entries, got " + bounds.size());
      }
      return new SloConfig(this, List.copyOf(bounds));
    }
  }
}
