package io.intentops.train.intent;

/**
 * Temperature scaling (Guo et al., 2017): the T that minimises the negative log-likelihood of held-out
 * labels under {@code softmax(logits / T)}. The NLL is unimodal in log T, so a golden-section search
 * over [0.05, 20] finds it deterministically. Stateless and thread-safe.
 */
public final class Calibration {
  private Calibration() {}

  /** Mean NLL of {@code y} under {@code softmax(logits / t)}. */
  public static double nll(double[][] logits, int[] y, double t) {
    double s = 0;
    for (int i = 0; i < logits.length; i++) {
      double[] l = logits[i];
      double m = Double.NEGATIVE_INFINITY;
      for (double v : l) {
        m = Math.max(m, v / t);
      }
      double z = 0;
      for (double v : l) {
        z += Math.exp(v / t - m);
      }
      s += m + Math.log(z) - l[y[i]] / t;
    }
    return s / logits.length;
  }

  /** The fitted temperature. */
  public static double fitTemperature(double[][] logits, int[] y) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nll(logits, y, Math.exp(a));
    double fb = nll(logits, y, Math.exp(b));
    for (int i = 0; i < 80; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nll(logits, y, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nll(logits, y, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }
}
