package io.intentops.router.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.router.SloConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the sequential judge over arbitrary evidence sequences. */
class JudgePropertiesTest {
  static final List<Duration> BOUNDS = SloConfig.ofDefaults().latencyBoundaries();
  static final int BINS = BOUNDS.size() + 1;
  static final int FAST_BIN = 5; // 15 ms
  static final int SLOW_BIN = BINS - 1; // overflow
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static CanaryJudge judge() {
    return CanaryJudge.create(ModelVersion.parse("1.1.0-2"), JudgeConfig.ofDefaults(), BOUNDS, CanaryJudge.basicKinds());
  }

  static Evidence evidence(int n, int errors, int slow) {
    long[] h = new long[BINS];
    h[FAST_BIN] = n - slow;
    h[SLOW_BIN] = slow;
    return Evidence.of(n, errors, h);
  }

  @Property(tries = 200, seed = "2025")
  void evidenceWithoutAnyFailureNeverBreaches(@ForAll @Size(max = 300) List<@IntRange(max = 50) Integer> perSecond) {
    CanaryJudge j = judge();
    int s = 0;
    for (int n : perSecond) {
      Decision d = j.observe(T0.plusSeconds(++s), evidence(n, 0, 0), evidence(5 * n, 0, 0));
      assertThat(d.verdict()).isNotEqualTo(Verdict.BREACHING);
      assertThat(d.rules()).allSatisfy(r -> assertThat(r.statistic()).isGreaterThanOrEqualTo(0));
    }
  }

  @Property(tries = 200, seed = "2025")
  void fewerRequestsThanTheMinimumAreAlwaysInconclusive(
      @ForAll @Size(max = 30) List<@IntRange(max = 1) Integer> failing) {
    CanaryJudge j = judge();
    int s = 0;
    long total = 0;
    for (int f : failing) {
      if (total + 1 >= JudgeConfig.DEFAULT_MIN_REQUESTS) {
        break;
      }
      total++;
      Decision d = j.observe(T0.plusSeconds(++s), evidence(1, f, f), evidence(10, 0, 0));
      assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  @Property(tries = 100, seed = "2025")
  void moreFailuresNeverLowerAStatistic(@ForAll @Size(min = 1, max = 120) List<@IntRange(max = 20) Integer> perSecond,
      @ForAll @IntRange(min = 0, max = 119) int extraAt) {
    CanaryJudge a = judge();
    CanaryJudge b = judge();
    int s = 0;
    for (int i = 0; i < perSecond.size(); i++) {
      int n = perSecond.get(i);
      int errA = n / 10;
      int errB = i == extraAt % perSecond.size() && errA < n ? errA + 1 : errA;
      Instant at = T0.plusSeconds(++s);
      Decision da = a.observe(at, evidence(n, errA, 0), evidence(50, 0, 0));
      Decision db = b.observe(at, evidence(n, errB, 0), evidence(50, 0, 0));
      RuleVerdict ra = da.rules().get(0); // errors <= 0.5 %
      RuleVerdict rb = db.rules().get(0);
      assertThat(rb.statistic()).isGreaterThanOrEqualTo(ra.statistic() - 1e-9);
    }
  }
}
