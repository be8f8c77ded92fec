package io.intentops.router;

import io.intentops.core.ConfigurationException;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-proportion z-test with a minimum-sample guard. Stateless and thread-safe.
 *
 * <p>z = (p<sub>t</sub> - p<sub>c</sub>) / sqrt(p(1-p)(1/n<sub>c</sub> + 1/n<sub>t</sub>)) with the
 * pooled rate p; the two-sided p-value comes from the standard normal CDF (commons-math3).
 */
public final class AbTest {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

  private AbTest() {}

  /**
   * Compares two proportions.
   *
   * @param alpha two-sided significance level in (0, 1)
   * @param minSamplesPerArm trials each arm needs before a verdict other than INSUFFICIENT_DATA
   * @throws ConfigurationException for successes outside [0, trials] or invalid alpha / minimum
   */
  public static AbTestResult compare(
      long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials,
      double alpha, long minSamplesPerArm) {
    check("control", controlSuccesses, controlTrials);
    check("treatment", treatmentSuccesses, treatmentTrials);
    if (!(alpha > 0 && alpha < 1)) {
      throw new ConfigurationException("A/B alpha must be in (0, 1), got " + alpha);
    }
    if (minSamplesPerArm < 1) {
      throw new ConfigurationException("A/B minSamplesPerArm must be >= 1, got " + minSamplesPerArm);
    }
    double z = 0.0;
    double p = 1.0;
    if (controlTrials > 0 && treatmentTrials > 0) {
      double pc = (double) controlSuccesses / controlTrials;
      double pt = (double) treatmentSuccesses / treatmentTrials;
      double pooled = (double) (controlSuccesses + treatmentSuccesses) / (controlTrials + treatmentTrials);
      double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / treatmentTrials));
      if (se > 0) {
        z = (pt - pc) / se;
        p = Math.min(1.0, 2.0 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
      }
    }
    AbTestResult.Verdict verdict;
    if (controlTrials < minSamplesPerArm || treatmentTrials < minSamplesPerArm) {
      verdict = AbTestResult.Verdict.INSUFFICIENT_DATA;
    } else if (p >= alpha) {
      verdict = AbTestResult.Verdict.NO_SIGNIFICANT_DIFFERENCE;
    } else {
      verdict = z > 0 ? AbTestResult.Verdict.TREATMENT_BETTER : AbTestResult.Verdict.CONTROL_BETTER;
    }
    return new AbTestResult(controlSuccesses, controlTrials, treatmentSuccesses, treatmentTrials, z, p, alpha, verdict);
  }

  private static void check(String arm, long successes, long trials) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new ConfigurationException(
          "A/B " + arm + " arm needs 0 <= successes <= trials, got " + successes + "/" + trials);
    }
  }
}
