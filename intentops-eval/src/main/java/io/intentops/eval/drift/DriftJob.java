package io.intentops.eval.drift;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recurring drift check against a fixed baseline. Each {@link #run(PredictionSample)} compares a new
 * sample with the baseline; a breaching run increments the count of consecutive breaches, a clean run
 * resets it, an inconclusive run (too few samples) leaves it unchanged. The job reports
 * {@link Status#DEGRADED} once the count reaches {@link Builder#consecutiveBreaches(int)} (default
 * {@value #DEFAULT_CONSECUTIVE_BREACHES}) and stays degraded until a clean run. The count can be saved
 * ({@link #state()}) and restored ({@link Builder#state(State)}) so that runs in separate processes
 * (a nightly CLI job) share it. Thread-safe: runs are serialised.
 */
public final class DriftJob {
  /** Consecutive breaching runs before "degraded". */
  public static final int DEFAULT_CONSECUTIVE_BREACHES = 3;

  /** Verdict of one run. */
  public enum Status {
    /** No signal breached. */
    OK,
    /** Breached, but fewer than N runs in a row. */
    BREACHING,
    /** N or more breaching runs in a row. */
    DEGRADED,
    /** Too few predictions to judge; the count is unchanged. */
    INCONCLUSIVE
  }

  /**
   * What a job remembers between runs.
   *
   * @param consecutiveBreaches breaching runs in a row so far
   * @param lastRun when the last run happened, or null before the first
   * @param lastStatus the last run's status, or null before the first
   */
  public record State(int consecutiveBreaches, @Nullable Instant lastRun, @Nullable Status lastStatus) {
    public State {
      if (consecutiveBreaches < 0) {
        throw new ConfigurationException("consecutiveBreaches must be >= 0, got " + consecutiveBreaches);
      }
    }

    /** The state of a job that has never run. */
    public static State initial() {
      return new State(0, null, null);
    }
  }

  /**
   * The outcome of one run.
   *
   * @param at when it ran
   * @param status the verdict
   * @param consecutiveBreaches breaching runs in a row, including this one
   * @param report the drift statistics
   */
  public record Run(Instant at, Status status, int consecutiveBreaches, DriftReport report) {}

  private final PredictionSample baseline;
  private final DriftThresholds thresholds;
  private final int needed;
  private final Clock clock;
  private State state;

  private DriftJob(Builder b) {
    this.baseline = b.baseline;
    this.thresholds = b.thresholds;
    this.needed = b.consecutive;
    this.clock = b.clock;
    this.state = b.state;
  }

  /** A builder; the baseline is required. */
  public static Builder builder(PredictionSample baseline) {
    return new Builder(baseline);
  }

  /** Compares {@code current} with the baseline and updates the breach count. */
  public synchronized Run run(PredictionSample current) {
    DriftReport r = TextDrift.compare(baseline, current, thresholds);
    int count = state.consecutiveBreaches();
    Status status;
    if (r.inconclusive()) {
      status = Status.INCONCLUSIVE;
    } else if (r.breached()) {
      count++;
      status = count >= needed ? Status.DEGRADED : Status.BREACHING;
    } else {
      count = 0;
      status = Status.OK;
    }
    Instant now = clock.instant();
    state = new State(count, now, status);
    return new Run(now, status, count, r);
  }

  /** The state to save for the next run. */
  public synchronized State state() {
    return state;
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private final PredictionSample baseline;
    private DriftThresholds thresholds = DriftThresholds.defaults();
    private int consecutive = DEFAULT_CONSECUTIVE_BREACHES;
    private Clock clock = Clock.system();
    private State state = State.initial();

    private Builder(PredictionSample baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      if (baseline.size() == 0) {
        throw new ConfigurationException("Drift baseline must not be empty");
      }
    }

    /** Breach thresholds. */
    public Builder thresholds(DriftThresholds t) {
      this.thresholds = Objects.requireNonNull(t, "thresholds");
      return this;
    }

    /** Breaching runs in a row before "degraded", at least 1. */
    public Builder consecutiveBreaches(int n) {
      if (n < 1) {
        throw new ConfigurationException("consecutiveBreaches must be >= 1, got " + n);
      }
      this.consecutive = n;
      return this;
    }

    /** Clock for run timestamps (a ManualClock in tests). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Resumes from a saved state. */
    public Builder state(State s) {
      this.state = Objects.requireNonNull(s, "state");
      return this;
    }

    /** The job. */
    public DriftJob build() {
      return new DriftJob(this);
    }
  }
}
