package io.intentops.train.intent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.intentops.core.ConfigurationException;

/**
 * Multinomial logistic regression with L2 on the weights (not the bias), fitted full-batch with Adam
 * on DJL's PyTorch engine. Starts from zeros and visits the data in a fixed order, so the same inputs
 * give the same weights bit for bit on the same machine and thread count. The objective is
 * {@code mean cross-entropy + l2/2 * ||W||^2}. Stateless and thread-safe.
 */
public final class SoftmaxRegression {
  /** Default L2 strength, chosen by 5-fold CV on BANKING77 train (see intentops-models/README.md). */
  public static final double DEFAULT_L2 = 1e-3;
  /** Default Adam iterations (full batch); the loss changes by less than 1e-4 after about 400. */
  public static final int DEFAULT_ITERATIONS = 500;
  /** Default Adam learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;

  private SoftmaxRegression() {}

  /**
   * Fitted weights.
   *
   * @param weight row-major {@code [classes, dim]}
   * @param bias {@code [classes]}
   * @param loss final training objective
   */
  public record Fit(float[] weight, float[] bias, double loss) {}

  /**
   * Fits the head.
   *
   * @param x row-major {@code [n, dim]} (already standardised)
   * @param y class index of every row, in {@code [0, classes)}
   */
  public static Fit fit(float[] x, int n, int dim, int[] y, int classes, double l2, int iterations, double lr) {
    if (n < 1 || x.length != (long) n * dim || y.length != n) {
      throw new ConfigurationException("Training matrix must be n x dim with one label per row");
    }
    if (!(l2 >= 0) || iterations < 1 || !(lr > 0)) {
      throw new ConfigurationException("Need l2 >= 0, iterations >= 1, lr > 0; got " + l2 + ", " + iterations + ", " + lr);
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(ai.djl.Device.cpu())) {
      NDArray xs = m.create(x, new Shape(n, dim));
      float[] onehot = new float[n * classes];
      for (int i = 0; i < n; i++) {
        onehot[i * classes + y[i]] = 1f;
      }
      NDArray ys = m.create(onehot, new Shape(n, classes));
      NDArray xt = xs.transpose();
      NDArray w = m.zeros(new Shape(dim, classes));
      NDArray b = m.zeros(new Shape(classes));
      NDArray mw = m.zeros(w.getShape());
      NDArray vw = m.zeros(w.getShape());
      NDArray mb = m.zeros(b.getShape());
      NDArray vb = m.zeros(b.getShape());
      double b1 = 0.9;
      double b2 = 0.999;
      double loss = Double.NaN;
      for (int it = 1; it <= iterations; it++) {
        try (NDManager step = m.newSubManager()) {
          NDArray logits = xs.matMul(w).add(b);
          logits.attach(step);
          NDArray p = logits.softmax(1);
          p.attach(step);
          NDArray g = p.sub(ys).div(n);
          g.attach(step);
          NDArray gw = xt.matMul(g).add(w.mul(l2));
          gw.attach(step);
          NDArray gb = g.sum(new int[] {0});
          gb.attach(step);
          double c1 = 1 - Math.pow(b1, it);
          double c2 = 1 - Math.pow(b2, it);
          adam(mw, vw, w, gw, b1, b2, lr, c1, c2, step);
          adam(mb, vb, b, gb, b1, b2, lr, c1, c2, step);
          if (it == iterations) {
            NDArray logp = logits.logSoftmax(1);
            logp.attach(step);
            double ce = -logp.mul(ys).sum().getFloat() / n;
            loss = ce + 0.5 * l2 * w.square().sum().getFloat();
          }
        }
      }
      float[] wt = w.transpose().toFloatArray(); // [classes, dim]
      return new Fit(wt, b.toFloatArray(), loss);
    }
  }

  private static void adam(NDArray mom, NDArray vel, NDArray param, NDArray grad, double b1, double b2, double lr,
      double c1, double c2, NDManager step) {
    mom.muli(b1).addi(grad.mul(1 - b1));
    vel.muli(b2).addi(grad.square().mul(1 - b2));
    NDArray update = mom.div(c1).div(vel.div(c2).sqrt().add(1e-8)).mul(lr);
    update.attach(step);
    param.subi(update);
  }
}
