package io.intentops.router.judge.internal;

import io.intentops.core.ModelVersion;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import io.intentops.router.judge.RuleVerdict;
import io.intentops.router.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The judge: one Bernoulli CUSUM per proportion rule (Page's test, i.e. Wald's SPRT restarted at zero
 * whenever it would accept "at the limit"), plus a G-test for label shift.
 *
 * <p>Why CUSUM and a rate-dependent threshold: a canary is monitored for as long as it lives, so the
 * error rate that matters is false rollbacks per day, not per test. The CUSUM's mean run length
 * between false alarms at the limit is about {@code e^h / KL(p0 || p1)} observations (Siegmund's
 * approximation without overshoot, which makes it conservative), so {@code h = ln(N_day * KL / alpha)},
 * with {@code N_day} the candidate's observations per day at its current rate, bounds false alarms per
 * day by {@code alpha} whatever the traffic. Low traffic gets a lower threshold and still needs the
 * same strength of evidence per day; {@code h >= ln(1/alpha)} always (Ville's bound).
 */
public final class SequentialJudge implements CanaryJudge {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private final ModelVersion version;
  private final JudgeConfig config;
  private final long[] boundsMicros;
  private final int bins;
  private final List<RuleState> rules = new ArrayList<>();
  private final double alphaPerRule;
  private final double healthyThreshold;
  private final ArrayDeque<Decision> log = new ArrayDeque<>();
  private final Map<Integer, Double> chiSquareCritical = new HashMap<>();

  // Accumulated evidence since the last reset.
  private final long[] stableHist;
  private long stableRequests;
  private long stableErrors;
  private long stableOos;
  private final Map<String, Long> stableLabels = new HashMap<>();
  private final Map<String, Long> candidateLabels = new HashMap<>();
  private long candidateRequests;
  private long startMillis = Long.MIN_VALUE;
  private long stepStartMillis = Long.MIN_VALUE;
  private long lastMillis = Long.MIN_VALUE;
  private @Nullable Decision last;
  private @Nullable Verdict lastLoggedVerdict;
  private long lastLoggedMillis = Long.MIN_VALUE;

  /** Per-rule statistics. */
  private static final class RuleState {
    final JudgeRule rule;
    final int targetBin; // SLOW_REQUESTS: requests in bins above this one are slow
    double cusum;
    double health;
    long n;
    long k;
    long stepN;
    double limitNow;

    RuleState(JudgeRule rule, int targetBin) {
      this.rule = rule;
      this.targetBin = targetBin;
      this.limitNow = rule.limit();
    }

    void clear() {
      cusum = 0;
      health = 0;
      n = 0;
      k = 0;
      stepN = 0;
      limitNow = rule.limit();
    }
  }

  public SequentialJudge(ModelVersion version, JudgeConfig config, List<Duration> latencyBoundaries,
      Set<JudgeRule.Kind> available) {
    this.version = version;
    this.config = config;
    this.boundsMicros = new long[latencyBoundaries.size()];
    for (int i = 0; i < boundsMicros.length; i++) {
      boundsMicros[i] = latencyBoundaries.get(i).toNanos() / 1000;
      if (i > 0 && boundsMicros[i] <= boundsMicros[i - 1]) {
        throw new IllegalArgumentException("Latency boundaries must be strictly increasing: " + latencyBoundaries);
      }
    }
    this.bins = boundsMicros.length + 1;
    this.stableHist = new long[bins];
    Set<JudgeRule.Kind> kinds = new HashSet<>(available);
    for (JudgeRule r : config.rules()) {
      if (!kinds.contains(r.kind())) {
        continue;
      }
      int target = -1;
      if (r.kind() == JudgeRule.Kind.SLOW_REQUESTS) {
        // The bin whose upper bound is the first >= target: a request in a higher bin is certainly slower.
        long t = r.latencyTarget().toNanos() / 1000;
        int i = Arrays.binarySearch(boundsMicros, t);
        target = i >= 0 ? i : -i - 1;
      }
      rules.add(new RuleState(r, target));
    }
    // Split over the rules this judge applies: a guardrail without its input costs the others nothing.
    this.alphaPerRule = config.falseRollbacksPerDay() / Math.max(1, rules.size());
    this.healthyThreshold = Math.log(config.healthyBeta() / (1 - alphaPerRule));
  }

  @Override
  public Decision observe(Instant at, Evidence candidate, Evidence stable) {
    if (candidate.bins() != bins || stable.bins() != bins) {
      throw new IllegalArgumentException("Evidence for " + version + " has " + candidate.bins() + "/" + stable.bins()
          + " latency bins, the judge expects " + bins);
    }
    long now = at.toEpochMilli();
    if (now < lastMillis) {
      throw new IllegalArgumentException("Evidence for " + version + " at " + at + " is older than the last, at "
          + Instant.ofEpochMilli(lastMillis));
    }
    if (startMillis == Long.MIN_VALUE) {
      startMillis = now;
    }
    if (stepStartMillis == Long.MIN_VALUE) {
      stepStartMillis = now;
    }
    lastMillis = now;
    foldStable(stable);
    candidateRequests += candidate.requests();
    candidate.labels().forEach((l, c) -> candidateLabels.merge(l, c, Long::sum));

    double minWindow = config.minRateWindow().toMillis() / 1000.0;
    double elapsed = Math.max(minWindow, (now - startMillis) / 1000.0);
    double stepElapsed = Math.max(minWindow, (now - stepStartMillis) / 1000.0);
    List<RuleVerdict> verdicts = new ArrayList<>(rules.size());
    boolean anyBreach = false;
    boolean allHealthy = true;
    for (RuleState s : rules) {
      RuleVerdict v = s.rule.kind() == JudgeRule.Kind.LABEL_SHIFT
          ? labelShift(s, now)
          : proportion(s, candidate, elapsed, stepElapsed);
      verdicts.add(v);
      anyBreach |= v.verdict() == Verdict.BREACHING;
      allHealthy &= v.verdict() == Verdict.HEALTHY;
    }
    Verdict overall = anyBreach ? Verdict.BREACHING : allHealthy && !rules.isEmpty() ? Verdict.HEALTHY
        : Verdict.INCONCLUSIVE;
    Decision d = new Decision(version, at, overall, verdicts, candidateRequests, stableRequests);
    last = d;
    if (overall != lastLoggedVerdict || overall == Verdict.BREACHING
        || now - lastLoggedMillis >= config.decisionLogInterval().toMillis()) {
      log.addLast(d);
      if (log.size() > config.decisionLogSize()) {
        log.removeFirst();
      }
      lastLoggedVerdict = overall;
      lastLoggedMillis = now;
    }
    return d;
  }

  private void foldStable(Evidence stable) {
    for (int i = 0; i < bins; i++) {
      stableHist[i] += stable.bin(i);
    }
    stableRequests += stable.requests();
    stableErrors += stable.serverErrors();
    stableOos += stable.outOfScope();
    stable.labels().forEach((l, c) -> stableLabels.merge(l, c, Long::sum));
  }

  private RuleVerdict proportion(RuleState s, Evidence c, double elapsed, double stepElapsed) {
    long n;
    long k;
    long baseline = 0;
    double p0;
    JudgeRule r = s.rule;
    boolean ready = true;
    switch (r.kind()) {
      case SERVER_ERRORS -> {
        n = c.requests();
        k = c.serverErrors();
        p0 = r.limit();
      }
      case SLOW_REQUESTS -> {
        n = c.requests();
        k = above(c, s.targetBin);
        p0 = r.limit();
      }
      case SLOWER_THAN_STABLE -> {
        baseline = stableRequests;
        int ref = percentileBin(1 - r.limit());
        ready = stableRequests >= config.minBaselineRequests() && ref < bins - 1;
        n = c.requests();
        k = ready ? above(c, ref) : 0;
        p0 = r.limit();
      }
      case ERRORS_ABOVE_STABLE -> {
        baseline = stableRequests;
        ready = stableRequests >= config.minBaselineRequests();
        n = c.requests();
        k = c.serverErrors();
        p0 = (ready ? (double) stableErrors / stableRequests : 0) + r.limit();
      }
      case OUT_OF_SCOPE_ABOVE_STABLE -> {
        long stableOk = stableRequests - stableErrors;
        baseline = stableOk;
        ready = stableOk >= config.minBaselineRequests();
        n = c.requests() - c.serverErrors();
        k = c.outOfScope();
        p0 = (ready ? (double) stableOos / stableOk : 0) + r.limit();
      }
      case SHADOW_DISAGREEMENT -> {
        n = c.shadowCompared();
        k = c.shadowDisagreed();
        p0 = r.limit();
      }
      default -> throw new IllegalStateException("not a proportion rule: " + r.kind());
    }
    ready &= p0 < 0.99;
    double p1 = Math.min(p0 * r.detectRatio(), (1 + p0) / 2);
    double a = Math.log(p1 / p0);
    double b = Math.log((1 - p1) / (1 - p0));
    double kl = p0 * Math.log(p0 / p1) + (1 - p0) * Math.log((1 - p0) / (1 - p1));
    if (ready && n > 0) {
      double llr = k * a + (n - k) * b;
      s.cusum = Math.max(0, s.cusum + llr);
      s.health += llr;
      s.n += n;
      s.k += k;
      s.stepN += n;
      s.limitNow = p0;
    }
    double perDay = Math.max(s.n / elapsed, s.stepN / stepElapsed) * SECONDS_PER_DAY;
    double h = Math.max(Math.log(1 / alphaPerRule), Math.log(perDay * kl / alphaPerRule));
    Verdict v;
    if (!ready || s.n < config.minRequests()) {
      v = Verdict.INCONCLUSIVE;
    } else if (s.cusum >= h) {
      v = Verdict.BREACHING;
    } else if (s.stepN >= config.minRequests() && s.health <= healthyThreshold) {
      v = Verdict.HEALTHY;
    } else {
      v = Verdict.INCONCLUSIVE;
    }
    return new RuleVerdict(r, v, s.cusum, h, s.health, healthyThreshold, s.n, s.k, baseline, s.limitNow);
  }

  /** Requests in bins strictly above {@code bin}. */
  private long above(Evidence c, int bin) {
    long k = 0;
    for (int i = bin + 1; i < bins; i++) {
      k += c.bin(i);
    }
    return k;
  }

  /** Nearest-rank percentile bin of the stable reference. */
  private int percentileBin(double q) {
    if (stableRequests == 0) {
      return bins - 1;
    }
    long rank = (long) Math.ceil(q * stableRequests);
    long cum = 0;
    for (int i = 0; i < bins; i++) {
      cum += stableHist[i];
      if (cum >= rank) {
        return i;
      }
    }
    return bins - 1;
  }

  /** G-test of the 2 x K label table, gated on the total-variation distance as the effect size. */
  private RuleVerdict labelShift(RuleState s, long now) {
    long nc = 0;
    long ns = 0;
    Set<String> labels = new HashSet<>(candidateLabels.keySet());
    labels.addAll(stableLabels.keySet());
    for (String l : labels) {
      nc += candidateLabels.getOrDefault(l, 0L);
      ns += stableLabels.getOrDefault(l, 0L);
    }
    s.n = nc;
    double tv = 0;
    double g = 0;
    if (nc > 0 && ns > 0) {
      double total = nc + ns;
      for (String l : labels) {
        long oc = candidateLabels.getOrDefault(l, 0L);
        long os = stableLabels.getOrDefault(l, 0L);
        tv += Math.abs((double) oc / nc - (double) os / ns);
        double col = oc + os;
        if (oc > 0) {
          g += oc * Math.log(oc / (col * nc / total));
        }
        if (os > 0) {
          g += os * Math.log(os / (col * ns / total));
        }
      }
      tv /= 2;
      g *= 2;
    }
    int df = Math.max(1, labels.size() - 1);
    // Tested at every evaluation: spend the per-rule alpha over a day of one-second evaluations.
    double critical = chiSquareCritical.computeIfAbsent(df,
        d -> new ChiSquaredDistribution(null, d).inverseCumulativeProbability(1 - alphaPerRule / SECONDS_PER_DAY));
    s.cusum = g;
    s.health = tv;
    boolean enough = nc >= config.minRequests() && ns >= config.minBaselineRequests();
    Verdict v;
    if (!enough) {
      v = Verdict.INCONCLUSIVE;
    } else if (tv > s.rule.limit() && g >= critical) {
      v = Verdict.BREACHING;
    } else if (tv <= s.rule.limit() / 2 && nc >= 10 * config.minRequests()) {
      v = Verdict.HEALTHY;
    } else {
      v = Verdict.INCONCLUSIVE;
    }
    return new RuleVerdict(s.rule, v, g, critical, tv, s.rule.limit() / 2, nc, 0, ns, s.rule.limit());
  }

  @Override
  public void seedBaseline(Evidence stable) {
    if (stable.bins() != bins) {
      throw new IllegalArgumentException("Baseline for " + version + " has " + stable.bins() + " latency bins, expected "
          + bins);
    }
    foldStable(stable);
  }

  @Override
  public void restartStep(Instant at) {
    stepStartMillis = at.toEpochMilli();
    for (RuleState s : rules) {
      s.health = 0;
      s.stepN = 0;
    }
  }

  @Override
  public void reset() {
    rules.forEach(RuleState::clear);
    Arrays.fill(stableHist, 0);
    stableRequests = 0;
    stableErrors = 0;
    stableOos = 0;
    stableLabels.clear();
    candidateLabels.clear();
    candidateRequests = 0;
    startMillis = Long.MIN_VALUE;
    stepStartMillis = Long.MIN_VALUE;
    lastMillis = Long.MIN_VALUE;
    last = null;
    lastLoggedVerdict = null;
    lastLoggedMillis = Long.MIN_VALUE;
  }

  @Override
  public @Nullable Decision last() {
    return last;
  }

  @Override
  public List<Decision> log() {
    return List.copyOf(log);
  }
}
