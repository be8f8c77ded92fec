package io.intentops.capture.drift;

import io.intentops.capture.CaptureFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The embedding part of a {@link DriftBaseline}: a seeded sample of reference embeddings (for example
 * the eval split's), projected with the {@link EmbeddingProjection} of {@code inputDimension},
 * {@code dimension} and {@code projectionSeed} that live traffic must use too, and the RBF kernel
 * bandwidth fixed from it by the median heuristic: {@code bandwidth} is the median pairwise Euclidean
 * distance of the rows, and the kernel is {@code k(x, y) = exp(-|x - y|^2 / (2 bandwidth^2))}. A few
 * hundred rows of 32 floats; stored inside {@value DriftBaseline#FILE_NAME}. Immutable in practice
 * (the arrays are copied in and out) and thread-safe.
 *
 * @param inputDimension dimension of the pooled feature vectors the projection takes
 * @param dimension dimension of the projected rows
 * @param projectionSeed seed of the projection
 * @param bandwidth RBF bandwidth (median pairwise distance), positive
 * @param rows the projected reference sample, at least {@value #MIN_ROWS} rows of {@code dimension}
 */
public record EmbeddingSummary(int inputDimension, int dimension, long projectionSeed, double bandwidth,
    float[][] rows) {
  /** Rows in a sample by default. */
  public static final int DEFAULT_SAMPLE_SIZE = 256;
  /** Fewest rows accepted. */
  public static final int MIN_ROWS = 20;
  /** Seed of the sample. */
  public static final long DEFAULT_SEED = 2025;

  public EmbeddingSummary {
    if (inputDimension < 1 || dimension < 1 || dimension > inputDimension) {
      throw new CaptureFormatException("embedding summary dimensions must satisfy 1 <= dimension <= inputDimension,"
          + " got " + dimension + " and " + inputDimension);
    }
    if (!(bandwidth > 0) || !Double.isFinite(bandwidth)) {
      throw new CaptureFormatException("embedding summary bandwidth must be positive and finite, got " + bandwidth);
    }
    if (rows == null || rows.length < MIN_ROWS) {
      throw new CaptureFormatException("embedding summary needs at least " + MIN_ROWS + " rows, got "
          + (rows == null ? 0 : rows.length));
    }
    float[][] copy = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != dimension) {
        throw new CaptureFormatException("embedding summary row " + i + " must have " + dimension + " values");
      }
      for (float v : rows[i]) {
        if (!Float.isFinite(v)) {
          throw new CaptureFormatException("embedding summary row " + i + " has a non-finite value");
        }
      }
      copy[i] = rows[i].clone();
    }
    rows = copy;
  }

  /**
   * The summary of reference {@code pooled} feature vectors: a seeded sample of {@code sampleSize}
   * (all when fewer), projected with {@code projection}.
   *
   * @throws CaptureFormatException when fewer than {@value #MIN_ROWS} vectors are given or they are all equal
   * @throws IllegalArgumentException when a vector has the wrong length
   */
  public static EmbeddingSummary of(EmbeddingProjection projection, List<float[]> pooled, int sampleSize, long seed) {
    List<float[]> projected = new ArrayList<>();
    for (float[] x : sample(pooled, sampleSize, seed)) {
      projected.add(projection.project(x));
    }
    return ofProjected(projection, projected, projected.size(), seed);
  }

  /** {@link #of} with {@value #DEFAULT_SAMPLE_SIZE} rows and seed {@value #DEFAULT_SEED}. */
  public static EmbeddingSummary of(EmbeddingProjection projection, List<float[]> pooled) {
    return of(projection, pooled, DEFAULT_SAMPLE_SIZE, DEFAULT_SEED);
  }

  /** The summary of vectors already projected with {@code projection} (for example captured ones). */
  public static EmbeddingSummary ofProjected(EmbeddingProjection projection, List<float[]> projected, int sampleSize,
      long seed) {
    if (sampleSize < MIN_ROWS) {
      throw new CaptureFormatException("sampleSize must be >= " + MIN_ROWS + ", got " + sampleSize);
    }
    float[][] rows = sample(projected, sampleSize, seed).toArray(float[][]::new);
    if (rows.length < MIN_ROWS) {
      throw new CaptureFormatException("embedding summary needs at least " + MIN_ROWS + " vectors, got " + rows.length);
    }
    double median = medianDistance(rows);
    if (!(median > 0)) {
      throw new CaptureFormatException("reference embeddings are (nearly) all equal: median distance " + median);
    }
    return new EmbeddingSummary(projection.inputDimension(), projection.dimension(), projection.seed(), median, rows);
  }

  private static List<float[]> sample(List<float[]> xs, int n, long seed) {
    List<float[]> copy = new ArrayList<>(xs);
    if (copy.size() <= n) {
      return copy;
    }
    Collections.shuffle(copy, new Random(seed));
    return copy.subList(0, n);
  }

  static double medianDistance(float[][] rows) {
    int m = rows.length;
    double[] d = new double[m * (m - 1) / 2];
    int k = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        d[k++] = Mmd.squaredDistance(rows[i], rows[j]);
      }
    }
    Arrays.sort(d);
    double med = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    return Math.sqrt(med);
  }

  /** A copy of the rows. */
  @Override
  public float[][] rows() {
    float[][] copy = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  /** Rows without copying, for the monitor. */
  float[][] rowsShared() {
    return rows;
  }

  /** Number of rows. */
  public int size() {
    return rows.length;
  }

  /** Whether vectors of {@code projection} are comparable with this sample. */
  public boolean matches(EmbeddingProjection projection) {
    return projection.inputDimension() == inputDimension && projection.dimension() == dimension
        && projection.seed() == projectionSeed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingSummary s && s.inputDimension == inputDimension && s.dimension == dimension
        && s.projectionSeed == projectionSeed && Double.compare(s.bandwidth, bandwidth) == 0
        && Arrays.deepEquals(s.rows, rows);
  }

  @Override
  public int hashCode() {
    return ((inputDimension * 31 + dimension) * 31 + Long.hashCode(projectionSeed)) * 31 + Arrays.deepHashCode(rows);
  }

  @Override
  public String toString() {
    return "EmbeddingSummary[" + rows.length + " rows of " + dimension + " (from " + inputDimension
        + "), bandwidth " + bandwidth + "]";
  }
}
