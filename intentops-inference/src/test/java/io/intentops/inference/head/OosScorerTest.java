package io.intentops.inference.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OosScorerTest {
  // two L2-normalised reference rows in 2-d: (1, 0) and (0, 1)
  private final float[] bank = {1f, 0f, 0f, 1f};

  @Test
  void energyIsMinusTTimesLogSumExp() {
    double[] logits = {1.0, 2.0, 3.0};
    double want = -2.0 * Math.log(Math.exp(0.5) + Math.exp(1.0) + Math.exp(1.5));
    assertThat(OosScorer.energy(2.0).score(null, logits)).isCloseTo(want, within(1e-12));
    assertThat(OosScorer.of(OosScorer.ENERGY, 2.0, 0, bank, 2, 2).score(null, logits)).isCloseTo(want, within(1e-12));
  }

  @Test
  void maxSoftmaxIsOneMinusTheLargestCalibratedProbability() {
    double[] logits = {0.0, Math.log(3.0)};
    assertThat(OosScorer.maxSoftmax(1.0).score(null, logits)).isCloseTo(0.25, within(1e-12));
    assertThat(OosScorer.maxSoftmax(0.5).score(null, logits)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void knnCosineIsOneMinusTheMeanOfTheKNearestSimilarities() {
    float[] x = {3f, 4f}; // normalised (0.6, 0.8): similarities 0.6 and 0.8
    assertThat(OosScorer.knnCosine(bank, 2, 2, 1).score(x, new double[0])).isCloseTo(0.2, within(1e-6));
    assertThat(OosScorer.knnCosine(bank, 2, 2, 2).score(x, new double[0])).isCloseTo(0.3, within(1e-6));
    // k above the bank size averages the whole bank; k below 1 counts as 1
    assertThat(OosScorer.knnCosine(bank, 2, 2, 9).score(x, new double[0])).isCloseTo(0.3, within(1e-6));
    assertThat(OosScorer.knnCosine(bank, 2, 2, 0).score(x, new double[0])).isCloseTo(0.2, within(1e-6));
  }

  @Test
  void badConfigurationsAreTypedErrors() {
    assertThatThrownBy(() -> OosScorer.of("gaussian", 1.0, 3, bank, 2, 2)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unknown OOS method 'gaussian'");
    assertThatThrownBy(() -> OosScorer.of(OosScorer.KNN_COSINE, 1.0, 3, null, 0, 2))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a reference bank");
    assertThatThrownBy(() -> OosScorer.knnCosine(bank, 3, 2, 1)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OOS bank has 4 values, not 3 x 2");
    assertThatThrownBy(() -> OosScorer.energy(0.0)).isInstanceOf(ConfigurationException.class);
    OosScorer knn = OosScorer.knnCosine(bank, 2, 2, 1);
    assertThatThrownBy(() -> knn.score(null, new double[] {1.0})).isInstanceOf(InferenceException.class)
        .hasMessageContaining("needs a 2-dimensional embedding, got none");
    assertThatThrownBy(() -> knn.score(new float[3], new double[] {1.0})).isInstanceOf(InferenceException.class)
        .hasMessageContaining("got 3 values");
  }

  /** The unrolled, partially sorted kNN loop agrees with a brute-force sort of all similarities. */
  @Property(tries = 200, seed = "2025")
  void knnMatchesBruteForce(@ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(min = 1, max = 19) int dim,
      @ForAll @IntRange(min = 1, max = 8) int k, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] b = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      double n = 0;
      for (int j = 0; j < dim; j++) {
        b[r * dim + j] = (float) rnd.nextDouble(-1, 1);
        n += b[r * dim + j] * b[r * dim + j];
      }
      for (int j = 0; j < dim; j++) {
        b[r * dim + j] = (float) (b[r * dim + j] / Math.sqrt(Math.max(n, 1e-12)));
      }
    }
    float[] x = new float[dim];
    double xn = 0;
    for (int j = 0; j < dim; j++) {
      x[j] = (float) rnd.nextDouble(-1, 1);
      xn += x[j] * x[j];
    }
    double[] sims = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int j = 0; j < dim; j++) {
        s += b[r * dim + j] * x[j];
      }
      sims[r] = s / Math.sqrt(Math.max(xn, 1e-24));
    }
    java.util.Arrays.sort(sims);
    int kk = Math.min(k, rows);
    double mean = 0;
    for (int i = 0; i < kk; i++) {
      mean += sims[rows - 1 - i];
    }
    double want = 1.0 - mean / kk;
    assertThat(OosScorer.knnCosine(b, rows, dim, k).score(x, new double[0])).isCloseTo(want, within(1e-4));
  }

  /** The batch form gives exactly the per-input scores, for an odd and even count and every method. */
  @Property(tries = 100, seed = "2025")
  void batchScoresEqualSingleScores(@ForAll @IntRange(min = 1, max = 30) int rows,
      @ForAll @IntRange(min = 1, max = 21) int dim, @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 0, max = 7) int n, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] b = new float[rows * dim];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextDouble(-1, 1);
    }
    float[][] x = new float[n][dim];
    double[][] logits = new double[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) {
        x[i][j] = (float) rnd.nextDouble(-1, 1);
      }
      for (int c = 0; c < 3; c++) {
        logits[i][c] = rnd.nextDouble(-5, 5);
      }
    }
    for (OosScorer s : new OosScorer[] {OosScorer.knnCosine(b, rows, dim, k), OosScorer.energy(1.5),
        OosScorer.maxSoftmax(0.8)}) {
      double[] got = s.scores(x, logits);
      assertThat(got).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(got[i]).as("%s input %d", s, i).isEqualTo(s.score(x[i], logits[i]));
      }
    }
  }

  @Test
  void batchScoresRejectAMissingEmbedding() {
    OosScorer knn = OosScorer.knnCosine(bank, 2, 2, 1);
    assertThatThrownBy(() -> knn.scores(new float[][] {{1f, 0f}, null}, new double[][] {{1.0}, {1.0}}))
        .isInstanceOf(InferenceException.class).hasMessageContaining("got none");
  }

  /**
   * The pruned search ({@link KnnIndex}) returns bit for bit what the reference scan returns, on
   * clustered banks with near-ties and exact duplicate rows (where a too small error margin would skip
   * a row the reference keeps), normalised or not, at dimensions with one to four stages and tails.
   */
  @Property(tries = 300, seed = "2025")
  void prunedKnnEqualsTheReferenceExactly(@ForAll @IntRange(min = 1, max = 120) int rows,
      @ForAll @IntRange(min = 1, max = 110) int dim, @ForAll @IntRange(min = 1, max = 12) int k,
      @ForAll boolean normalise, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] b = clusteredBank(rnd, rows, dim, normalise);
    OosScorer scorer = OosScorer.knnCosine(b, rows, dim, k);
    for (int t = 0; t < 8; t++) {
      float[] x = query(rnd, b, rows, dim, t);
      assertThat(scorer.score(x, new double[0])).as("query %d", t)
          .isEqualTo(OosScorer.knnCosine(x, b, rows, dim, k));
    }
  }

  /** The same at the served shape (bge-small: 384 dimensions, a bank of several hundred rows, k = 10). */
  @Test
  void prunedKnnIsExactAtTheServedShape() {
    SplittableRandom rnd = new SplittableRandom(2025);
    int rows = 700;
    int dim = 384;
    for (int k : new int[] {1, 10, 50}) {
      float[] b = clusteredBank(rnd, rows, dim, true);
      OosScorer scorer = OosScorer.knnCosine(b, rows, dim, k);
      for (int t = 0; t < 200; t++) {
        float[] x = query(rnd, b, rows, dim, t);
        assertThat(scorer.score(x, new double[0])).as("k %d query %d", k, t)
            .isEqualTo(OosScorer.knnCosine(x, b, rows, dim, k));
      }
    }
  }

  // Rows around a few centres (like intent classes), some rows repeated exactly.
  private static float[] clusteredBank(SplittableRandom rnd, int rows, int dim, boolean normalise) {
    int centres = 1 + rnd.nextInt(6);
    float[][] c = new float[centres][dim];
    for (float[] v : c) {
      for (int j = 0; j < dim; j++) {
        v[j] = (float) rnd.nextGaussian();
      }
    }
    float[] b = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      if (r > 0 && rnd.nextInt(5) == 0) {
        int from = rnd.nextInt(r);
        System.arraycopy(b, from * dim, b, r * dim, dim);
        continue;
      }
      float[] v = c[rnd.nextInt(centres)];
      double noise = rnd.nextDouble(0.01, 1.0);
      double n = 0;
      for (int j = 0; j < dim; j++) {
        b[r * dim + j] = (float) (v[j] + noise * rnd.nextGaussian());
        n += (double) b[r * dim + j] * b[r * dim + j];
      }
      if (normalise) {
        for (int j = 0; j < dim; j++) {
          b[r * dim + j] = (float) (b[r * dim + j] / Math.sqrt(Math.max(n, 1e-24)));
        }
      }
    }
    return b;
  }

  // A bank row itself, a row plus little noise, or a random direction.
  private static float[] query(SplittableRandom rnd, float[] b, int rows, int dim, int t) {
    float[] x = new float[dim];
    int from = rnd.nextInt(rows);
    double noise = t % 3 == 0 ? 0 : t % 3 == 1 ? 1e-3 : 10;
    for (int j = 0; j < dim; j++) {
      x[j] = (float) (b[from * dim + j] + noise * rnd.nextGaussian());
    }
    return x;
  }
}
