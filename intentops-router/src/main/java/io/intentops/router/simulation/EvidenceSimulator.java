package io.intentops.router.simulation;

import io.intentops.core.ModelVersion;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a {@link CanaryJudge} the evidence a router would record, one simulated second at a time,
 * without running predictors: the requests of each second are split between candidate and stable at
 * random (random user keys), errors and latency bins are drawn from the {@link TrafficModel} and
 * {@link Scenario}. The candidate's evidence is handed over every second (as the router's tick does);
 * the stable reference is handed over once a minute (it only sets the relative rules' reference, which
 * after the first minutes barely moves), which keeps a simulated day at 200 requests per second to a
 * fraction of a second. Deterministic for a seed; not thread-safe.
 *
 * <p>Latency bins are those of {@link SloConfig#ofDefaults()}, as the router's defaults record them.
 */
public final class EvidenceSimulator {
  /** The seed of every simulation unless told otherwise. */
  public static final long DEFAULT_SEED = 2025L;
  /** How long the candidate is healthy before the scenario starts (the judge has a stable reference by then). */
  public static final Duration DEFAULT_LEAD = Duration.ofMinutes(30);
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final int STABLE_BATCH_SECONDS = 60;

  private final JudgeConfig config;
  private final List<Duration> boundaries;
  private final long[] boundsMicros;

  /** A simulator of {@code config} over the default SLO latency bins. */
  public EvidenceSimulator(JudgeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.boundaries = SloConfig.ofDefaults().latencyBoundaries();
    this.boundsMicros = new long[boundaries.size()];
    for (int i = 0; i < boundsMicros.length; i++) {
      boundsMicros[i] = boundaries.get(i).toNanos() / 1000;
    }
  }

  /**
   * The outcome of one simulated candidate.
   *
   * @param scenario what the candidate did after the lead-in
   * @param detectedAfter time from the start of the scenario to the first BREACHING decision; null if none
   * @param breachedDuringLead whether the judge breached while the candidate was still healthy (a false rollback)
   * @param decision the breaching decision, or the last one
   * @param candidateRequests candidate requests simulated
   */
  public record Run(Scenario scenario, @Nullable Duration detectedAfter, boolean breachedDuringLead,
      @Nullable Decision decision, long candidateRequests) {}

  /**
   * Simulates one candidate: healthy for {@code lead}, then {@code scenario} for at most {@code maxAfter};
   * stops at the first BREACHING decision.
   */
  public Run run(TrafficModel model, Scenario scenario, Duration lead, Duration maxAfter, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    CanaryJudge judge = CanaryJudge.create(CANDIDATE, config, boundaries, CanaryJudge.basicKinds());
    double[] stableCdf = cdf(model, 1.0, 0, 0);
    double[] healthyCdf = stableCdf;
    double[] degradedCdf = cdf(model, scenario.latencyScale(model), scenario.slowShare, scenario.slowExtraMillis);
    int bins = boundsMicros.length + 1;
    long leadSeconds = lead.toSeconds();
    long total = leadSeconds + maxAfter.toSeconds();
    long[] stableHist = new long[bins];
    long stableN = 0;
    long stableErr = 0;
    long candidateRequests = 0;
    double carry = 0;
    Decision last = null;
    for (long sec = 1; sec <= total; sec++) {
      carry += model.requestsPerSecond();
      long arrivals = (long) carry;
      carry -= arrivals;
      boolean degraded = sec > leadSeconds;
      long n = Binomial.sample(rnd, arrivals, model.candidateShare());
      long s = arrivals - n;
      stableN += s;
      stableErr += Binomial.sample(rnd, s, model.stableErrorRate());
      Binomial.multinomial(rnd, s, stableCdf, stableHist);
      boolean stableDue = sec % STABLE_BATCH_SECONDS == 0;
      if (n == 0 && !stableDue) {
        continue;
      }
      long[] hist = new long[bins];
      double[] cdf = degraded ? degradedCdf : healthyCdf;
      long errors = Binomial.sample(rnd, n, degraded ? scenario.errorRate : Scenario.HEALTHY.errorRate);
      Binomial.multinomial(rnd, n, cdf, hist);
      candidateRequests += n;
      Evidence stable;
      if (stableDue) {
        stable = Evidence.of(stableN, stableErr, stableHist);
        stableHist = new long[bins];
        stableN = 0;
        stableErr = 0;
      } else {
        stable = Evidence.empty(bins);
      }
      last = judge.observe(START.plusSeconds(sec), Evidence.of(n, errors, hist), stable);
      if (last.verdict() == Verdict.BREACHING) {
        Duration after = degraded ? Duration.ofSeconds(sec - leadSeconds) : null;
        return new Run(scenario, after, !degraded, last, candidateRequests);
      }
    }
    return new Run(scenario, null, false, last, candidateRequests);
  }

  /**
   * Like {@link #run} for a fleet of {@code instances} routers: each request lands on a random instance,
   * each instance's judge consumes the fleet's evidence through one in-memory {@link
   * io.intentops.router.EvidenceExchange} (published and read once a simulated second, in instance
   * order). Detection is the first instance's BREACHING decision (its rollback is the one that commits).
   */
  public Run runFleet(TrafficModel model, Scenario scenario, Duration lead, Duration maxAfter, long seed, int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, got " + instances);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    io.intentops.router.EvidenceExchange exchange = io.intentops.router.EvidenceExchange.inMemory();
    CanaryJudge[] judges = new CanaryJudge[instances];
    for (int i = 0; i < instances; i++) {
      judges[i] = CanaryJudge.create(CANDIDATE, config, boundaries, CanaryJudge.basicKinds());
    }
    ModelVersion stableVersion = ModelVersion.parse("1.0.0-1");
    double[] stableCdf = cdf(model, 1.0, 0, 0);
    double[] degradedCdf = cdf(model, scenario.latencyScale(model), scenario.slowShare, scenario.slowExtraMillis);
    int bins = boundsMicros.length + 1;
    long leadSeconds = lead.toSeconds();
    long total = leadSeconds + maxAfter.toSeconds();
    long candidateRequests = 0;
    double carry = 0;
    Decision last = null;
    for (long sec = 1; sec <= total; sec++) {
      carry += model.requestsPerSecond();
      long arrivals = (long) carry;
      carry -= arrivals;
      boolean degraded = sec > leadSeconds;
      double[] cdf = degraded ? degradedCdf : stableCdf;
      double err = degraded ? scenario.errorRate : Scenario.HEALTHY.errorRate;
      for (int i = 0; i < instances; i++) {
        // This instance's share of the second's arrivals (a random instance per request).
        long mine = i == instances - 1 ? arrivals : Binomial.sample(rnd, arrivals, 1.0 / (instances - i));
        arrivals -= mine;
        long n = Binomial.sample(rnd, mine, model.candidateShare());
        long s = mine - n;
        long[] ch = new long[bins];
        long[] sh = new long[bins];
        Binomial.multinomial(rnd, n, cdf, ch);
        Binomial.multinomial(rnd, s, stableCdf, sh);
        Evidence c = exchange.exchange("router-" + i, CANDIDATE, Evidence.of(n, Binomial.sample(rnd, n, err), ch));
        Evidence st = exchange.exchange("router-" + i, stableVersion,
            Evidence.of(s, Binomial.sample(rnd, s, model.stableErrorRate()), sh));
        candidateRequests += n;
        last = judges[i].observe(START.plusSeconds(sec), c, st);
        if (last.verdict() == Verdict.BREACHING) {
          Duration after = degraded ? Duration.ofSeconds(sec - leadSeconds) : null;
          return new Run(scenario, after, !degraded, last, candidateRequests);
        }
      }
    }
    return new Run(scenario, null, false, last, candidateRequests);
  }

  /** Simulates {@code days} healthy candidate-days (a fresh candidate each day) and counts the days with a rollback. */
  public long falseRollbackDays(TrafficModel model, int days, long seed) {
    return falseRollbackDays(model, days, seed, 1);
  }

  /** {@link #falseRollbackDays(TrafficModel, int, long)} for a fleet of {@code instances} (1: a single router). */
  public long falseRollbackDays(TrafficModel model, int days, long seed, int instances) {
    return rollbackDays(model, Scenario.HEALTHY, days, seed, instances);
  }

  /**
   * Days (of {@code days} fresh candidate-days) on which a candidate behaving as {@code scenario} from the
   * start was rolled back.
   */
  public long rollbackDays(TrafficModel model, Scenario scenario, int days, long seed, int instances) {
    long count = 0;
    for (int d = 0; d < days; d++) {
      Run r = instances == 1 ? run(model, scenario, Duration.ZERO, Duration.ofDays(1), seed + d)
          : runFleet(model, scenario, Duration.ZERO, Duration.ofDays(1), seed + d, instances);
      if (r.detectedAfter() != null || r.breachedDuringLead()) {
        count++;
      }
    }
    return count;
  }

  /** Cumulative probability of each latency bin (upper bounds, overflow last = 1) under the scenario's latency. */
  private double[] cdf(TrafficModel m, double scale, double slowShare, double extraMillis) {
    double[] c = new double[boundsMicros.length + 1];
    double median = m.medianMillis() * scale;
    for (int i = 0; i < boundsMicros.length; i++) {
      double b = boundsMicros[i] / 1000.0;
      double base = Normal.cdf(Math.log(b / median) / m.sigma());
      double slow = b > extraMillis ? Normal.cdf(Math.log((b - extraMillis) / median) / m.sigma()) : 0;
      c[i] = (1 - slowShare) * base + slowShare * (extraMillis > 0 ? slow : base);
    }
    c[boundsMicros.length] = 1.0;
    return c;
  }
}
