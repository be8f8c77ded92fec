package io.intentops.router.judge;

import io.intentops.core.ModelVersion;
import io.intentops.router.judge.internal.SequentialJudge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Judges one candidate from the evidence of successive intervals (the router feeds one interval per
 * evaluation; a fleet feeds evidence merged across instances). Evidence accumulates from the first
 * {@link #observe} (or the last {@link #reset}); nothing is decided on windows. Not thread-safe: the
 * router calls it under its evaluation lock.
 */
public interface CanaryJudge {

  /**
   * A judge of {@code version} under {@code config}, reading latency histograms over {@code
   * latencyBoundaries} (sorted bin upper bounds; one more overflow bin). Rules whose evidence the host
   * cannot measure ({@code available} lacks their kind) are left out of every decision.
   */
  static CanaryJudge create(ModelVersion version, JudgeConfig config, List<Duration> latencyBoundaries,
      Set<JudgeRule.Kind> available) {
    return new SequentialJudge(Objects.requireNonNull(version, "version"), Objects.requireNonNull(config, "config"),
        latencyBoundaries, available);
  }

  /** Every kind except the ones that need optional inputs (out-of-scope and label functions, shadow). */
  static Set<JudgeRule.Kind> basicKinds() {
    return Set.of(JudgeRule.Kind.SERVER_ERRORS, JudgeRule.Kind.SLOW_REQUESTS, JudgeRule.Kind.SLOWER_THAN_STABLE,
        JudgeRule.Kind.ERRORS_ABOVE_STABLE);
  }

  /**
   * Folds one interval ending at {@code at} and decides. {@code stable} is the stable version's evidence
   * over the same interval (the reference of relative rules).
   *
   * @throws IllegalArgumentException if a histogram has the wrong number of bins or {@code at} goes back in time
   */
  Decision observe(Instant at, Evidence candidate, Evidence stable);

  /** Seeds the stable reference of relative rules with a warm-up run's stable evidence. */
  void seedBaseline(Evidence stable);

  /** A new plan step began: the HEALTHY verdict needs new evidence gathered from now. Breach statistics carry on. */
  void restartStep(Instant at);

  /** Forgets all evidence (a new rollout of the version). The decision log is kept. */
  void reset();

  /** The most recent decision, or null before the first observation. */
  @Nullable Decision last();

  /** The logged decisions, oldest first (bounded by {@link JudgeConfig#decisionLogSize()}). */
  List<Decision> log();
}
