package io.intentops.train.intent;

import io.intentops.eval.metrics.CalibrationMetrics;
import io.intentops.inference.head.IntentHead;

/**
 * Head fitting for {@link IntentTrainer}: feature standardisation, the standardised design matrix
 * for {@link SoftmaxRegression}, and the calibration error of a temperature. Stateless; thread-safe.
 */
final class HeadFitting {
  private HeadFitting() {}

  /** A softmax-regression head fitted on the standardised rows {@code idx}, and its standardiser. */
  record Head(float[][] std, SoftmaxRegression.Fit fit) {}

  /** Fits standardisation and the L2 softmax regression on the rows {@code idx} of {@code emb}. */
  static Head fit(float[][] emb, int[] idx, int[] y, int classes, IntentTrainer.Builder b) {
    int dim = emb[0].length;
    float[][] std = standardiser(emb, idx);
    SoftmaxRegression.Fit fit = SoftmaxRegression.fit(design(emb, idx, std), idx.length, dim, TrainingRows.pick(y, idx),
        classes, b.l2, b.iterations, b.learningRate);
    return new Head(std, fit);
  }

  /** {mean, std} over the rows {@code idx}; std floored at 1e-6. */
  static float[][] standardiser(float[][] x, int[] idx) {
    int d = x[0].length;
    double[] s = new double[d];
    double[] ss = new double[d];
    for (int i : idx) {
      for (int j = 0; j < d; j++) {
        s[j] += x[i][j];
      }
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (s[j] / idx.length);
    }
    for (int i : idx) {
      for (int j = 0; j < d; j++) {
        double v = x[i][j] - mean[j];
        ss[j] += v * v;
      }
    }
    float[] sd = new float[d];
    for (int j = 0; j < d; j++) {
      sd[j] = (float) Math.max(1e-6, Math.sqrt(ss[j] / idx.length));
    }
    return new float[][] {mean, sd};
  }

  static float[] design(float[][] x, int[] idx, float[][] std) {
    int d = x[0].length;
    float[] out = new float[idx.length * d];
    for (int r = 0; r < idx.length; r++) {
      float[] row = x[idx[r]];
      for (int j = 0; j < d; j++) {
        out[r * d + j] = (row[j] - std[0][j]) / std[1][j];
      }
    }
    return out;
  }

  /** 15-bin ECE of the softmax of {@code logits / t} against {@code y}. */
  static double ece(double[][] logits, int[] y, double t) {
    double[] conf = new double[y.length];
    boolean[] ok = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      double[] l = logits[i];
      int a = IntentHead.argmax(l);
      double z = 0;
      for (double v : l) {
        z += Math.exp((v - l[a]) / t);
      }
      conf[i] = 1.0 / z;
      ok[i] = a == y[i];
    }
    return CalibrationMetrics.ece(conf, ok, CalibrationMetrics.DEFAULT_BINS);
  }
}
