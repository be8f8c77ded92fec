package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class AbTestTest {

  /** Without continuity correction, the two-sided z-test equals the 2x2 chi-square test (z^2 = chi^2). */
  @Property(tries = 200, seed = "2025")
  void pValueMatchesThe2x2ChiSquareTest(
      @ForAll @IntRange(min = 20, max = 5_000) int nc, @ForAll @IntRange(min = 0, max = 100) int pcPercent,
      @ForAll @IntRange(min = 20, max = 5_000) int nt, @ForAll @IntRange(min = 0, max = 100) int ptPercent) {
    long sc = Math.round(nc * pcPercent / 100.0);
    long st = Math.round(nt * ptPercent / 100.0);
    AbTestResult r = AbTest.compare(sc, nc, st, nt, 0.05, 10);
    boolean degenerate = (sc + st == 0) || (sc + st == nc + nt);
    if (degenerate) {
      assertThat(r.pValue()).isEqualTo(1.0);
      assertThat(r.verdict()).isEqualTo(AbTestResult.Verdict.NO_SIGNIFICANT_DIFFERENCE);
      return;
    }
    double chi = new ChiSquareTest().chiSquareTest(new long[][] {{sc, nc - sc}, {st, nt - st}});
    assertThat(r.pValue()).isCloseTo(chi, within(1e-9 + 1e-6 * chi));
    assertThat(r.significant()).isEqualTo(r.pValue() < 0.05);
    if (r.significant()) {
      assertThat(r.verdict()).isEqualTo(r.treatmentRate() > r.controlRate()
          ? AbTestResult.Verdict.TREATMENT_BETTER : AbTestResult.Verdict.CONTROL_BETTER);
    }
  }

  @Test
  void textbookExample() {
    // 200/1000 vs 250/1000: pooled 0.225, se = sqrt(0.225 * 0.775 * 0.002), z = 0.05 / se.
    AbTestResult r = AbTest.compare(200, 1000, 250, 1000, 0.05, 100);
    double se = Math.sqrt(0.225 * 0.775 * 0.002);
    assertThat(r.z()).isCloseTo(0.05 / se, within(1e-12));
    assertThat(r.verdict()).isEqualTo(AbTestResult.Verdict.TREATMENT_BETTER);
    assertThat(AbTest.compare(250, 1000, 200, 1000, 0.05, 100).verdict()).isEqualTo(AbTestResult.Verdict.CONTROL_BETTER);
    assertThat(AbTest.compare(200, 1000, 210, 1000, 0.05, 100).verdict())
        .isEqualTo(AbTestResult.Verdict.NO_SIGNIFICANT_DIFFERENCE);
  }

  @Test
  void minimumSampleGuardWithholdsAVerdict() {
    AbTestResult r = AbTest.compare(0, 50, 50, 50, 0.05, 100);
    assertThat(r.pValue()).isLessThan(1e-6); // the difference is huge ...
    assertThat(r.verdict()).isEqualTo(AbTestResult.Verdict.INSUFFICIENT_DATA); // ... but the sample is too small
    assertThat(r.significant()).isFalse();
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> AbTest.compare(11, 10, 0, 10, 0.05, 1)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("control").hasMessageContaining("11/10");
    assertThatThrownBy(() -> AbTest.compare(1, 10, 0, 10, 1.5, 1)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void routerRecordsOutcomesPerVersion() {
    ModelVersion blue = ModelVersion.parse("1.0.0-1");
    ModelVersion green = ModelVersion.parse("1.1.0-2");
    try (Router<String, String> r = Router.<String, String>builder()
        .version(new TestPredictor("1.0.0-1", null, 0)).version(new TestPredictor("1.1.0-2", null, 0))
        .stable(blue).candidate(green, 5000)
        .config(RouterConfig.custom().abMinSamples(100).build())
        .build()) {
      for (int i = 0; i < 400; i++) {
        r.recordOutcome(blue, i % 10 < 6 ? Outcome.THUMBS_UP : Outcome.THUMBS_DOWN); // 60 %
        r.recordOutcome(green, i % 10 < 7 ? Outcome.THUMBS_UP : Outcome.THUMBS_DOWN); // 70 %
        r.recordOutcome(green, Outcome.TASK_SUCCESS);
      }
      AbTestResult thumbs = r.abTest(Outcome.Metric.THUMBS, blue, green);
      assertThat(thumbs.controlSuccesses()).isEqualTo(240);
      assertThat(thumbs.treatmentSuccesses()).isEqualTo(280);
      assertThat(thumbs.controlTrials()).isEqualTo(400);
      assertThat(thumbs.verdict()).isEqualTo(AbTestResult.Verdict.TREATMENT_BETTER);
      // Task success was recorded only for green: the control arm is empty.
      assertThat(r.abTest(Outcome.Metric.TASK_SUCCESS, blue, green).verdict())
          .isEqualTo(AbTestResult.Verdict.INSUFFICIENT_DATA);
    }
  }
}
