package io.intentops.inference.head;

import java.util.Arrays;

/**
 * The kNN cosine search of {@link OosScorer} with early exits, returning exactly (bit for bit) what
 * {@link OosScorer#knnCosine(float[], float[], int, int, int)} returns.
 *
 * <p>Why: the whole bank is read once per request, and that scan was the largest Java cost on top of
 * an encoder run (docs/performance.md). Most rows
 * cannot enter the top k: after the first dimensions of a row its partial dot product plus the
 * Cauchy-Schwarz bound of the rest ({@code |q_rest| |b_rest|}) is already below the k-th best
 * similarity so far, and the row is skipped.
 *
 * <p>How exactness is kept: each row is still summed in the reference order (four accumulators,
 * lane {@code j mod 4}, stage cuts at multiples of 4, the same tail), so a row that is not skipped
 * gets the same float as the reference. A skipped row's exact similarity is below the k-th best by
 * more than the float error of both sums ({@link #margin}), so the reference would not have kept it
 * either ({@code keep} needs a strictly larger value). The bank is copied once into one contiguous
 * array per stage, so a skipped row's remaining dimensions are never brought into cache (with the
 * row-major bank, skipping saved arithmetic but not memory traffic and measured no faster).
 *
 * <p>Immutable and thread-safe; the copy costs as much memory as the bank.
 */
final class KnnIndex {
  /** Relative float error allowance per summed term; 4 x 2^-23, twice the usual bound, for safety. */
  private static final double ERROR_PER_TERM = 4.0 * Math.ulp(1.0f);

  private final int rows;
  private final int dim;
  private final int[] start;
  private final int[] len;
  private final float[][] parts;
  /** {@code [rows * stages]}: an upper bound of the norm of row r's dimensions after stage s. */
  private final float[] restNorm;
  /** Per row: the float error allowance of its partial and full dot products with a unit query. */
  private final float[] margin;

  KnnIndex(float[] bank, int rows, int dim) {
    this.rows = rows;
    this.dim = dim;
    this.start = cuts(dim);
    int stages = start.length;
    this.len = new int[stages];
    for (int s = 0; s < stages; s++) {
      len[s] = (s + 1 < stages ? start[s + 1] : dim) - start[s];
    }
    this.parts = new float[stages][];
    for (int s = 0; s < stages; s++) {
      float[] p = new float[rows * len[s]];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(bank, r * dim + start[s], p, r * len[s], len[s]);
      }
      parts[s] = p;
    }
    this.restNorm = new float[rows * stages];
    this.margin = new float[rows];
    for (int r = 0; r < rows; r++) {
      double rest = 0;
      for (int s = stages - 1; s >= 0; s--) {
        restNorm[r * stages + s] = up(Math.sqrt(rest));
        for (int j = start[s]; j < start[s] + len[s]; j++) {
          rest += (double) bank[r * dim + j] * bank[r * dim + j];
        }
      }
      margin[r] = up(ERROR_PER_TERM * dim * Math.sqrt(rest) * 1.001 + Float.MIN_NORMAL);
    }
  }

  /** Stage starts: 0 and (for dim >= 32) the multiples of 4 nearest dim/8, dim/4 and dim/2. */
  static int[] cuts(int dim) {
    if (dim < 32) {
      return new int[] {0};
    }
    return new int[] {0, dim / 8 / 4 * 4, dim / 4 / 4 * 4, dim / 2 / 4 * 4};
  }

  private static float up(double v) {
    float f = (float) v;
    return f < v ? Math.nextUp(f) : f;
  }

  /** {@code 1 - mean of the k largest similarities} of the unit query {@code q}; k in [1, rows]. */
  double score(float[] q, int k) {
    int stages = parts.length;
    // Norm of the query's dimensions after each stage, rounded up.
    float[] qRest = new float[stages];
    double rest = 0;
    for (int s = stages - 1; s >= 0; s--) {
      qRest[s] = up(Math.sqrt(rest));
      for (int j = start[s]; j < start[s] + len[s]; j++) {
        rest += (double) q[j] * q[j];
      }
    }
    float[] top = new float[k]; // ascending; top[0] is the smallest kept similarity
    Arrays.fill(top, Float.NEGATIVE_INFINITY);
    int last = stages - 1;
    rows:
    for (int r = 0; r < rows; r++) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int s = 0; s < last; s++) {
        float[] p = parts[s];
        int n = len[s];
        int off = r * n;
        int base = start[s];
        for (int j = 0; j < n; j += 4) { // n is a multiple of 4 before the last stage
          s0 += p[off + j] * q[base + j];
          s1 += p[off + j + 1] * q[base + j + 1];
          s2 += p[off + j + 2] * q[base + j + 2];
          s3 += p[off + j + 3] * q[base + j + 3];
        }
        float bound = ((s0 + s1) + (s2 + s3)) + (qRest[s] * restNorm[r * stages + s] + margin[r]);
        if (bound < top[0]) {
          continue rows;
        }
      }
      float[] p = parts[last];
      int n = len[last];
      int off = r * n;
      int base = start[last];
      int j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += p[off + j] * q[base + j];
        s1 += p[off + j + 1] * q[base + j + 1];
        s2 += p[off + j + 2] * q[base + j + 2];
        s3 += p[off + j + 3] * q[base + j + 3];
      }
      for (; j < n; j++) {
        s0 += p[off + j] * q[base + j];
      }
      OosScorer.keep(top, (s0 + s1) + (s2 + s3));
    }
    return OosScorer.meanScore(top);
  }

  int dim() {
    return dim;
  }
}
