package io.intentops.capture.drift;

import io.intentops.core.ConfigurationException;
import io.intentops.core.capture.ProjectedEmbedding;
import java.util.Random;

/**
 * A fixed seeded Gaussian random projection of a pooled sentence embedding to a few dimensions, so
 * captured traffic can carry a compact embedding for embedding drift without a second encoder pass.
 * Entries are drawn once from N(0, 1/{@code dimension}) by {@link Random} seeded with {@code seed}
 * (row-major), so every process that builds the projection with the same input dimension, output
 * dimension and seed gets the same matrix (distances are preserved in expectation,
 * Johnson-Lindenstrauss). Cost: {@code inputDimension * dimension} multiply-adds and one
 * {@code float[dimension]} per vector (384 to 32: 12,288). Immutable and thread-safe.
 */
public final class EmbeddingProjection {
  /** Output dimension. */
  public static final int DEFAULT_DIMENSION = 32;
  /** Seed of the projection matrix. */
  public static final long DEFAULT_SEED = 2025;

  private final int inputDimension;
  private final int dimension;
  private final long seed;
  // Stored transposed, [inputDimension][dimension]: project() then updates all outputs per input value,
  // independent lanes the JIT vectorises, instead of one long dependent sum per output.
  private final float[] matrix;

  private EmbeddingProjection(int inputDimension, int dimension, long seed) {
    this.inputDimension = inputDimension;
    this.dimension = dimension;
    this.seed = seed;
    this.matrix = new float[dimension * inputDimension];
    Random rnd = new Random(seed);
    double scale = 1 / Math.sqrt(dimension);
    for (int r = 0; r < dimension; r++) { // drawn row-major (output by output) ...
      for (int c = 0; c < inputDimension; c++) {
        matrix[c * dimension + r] = (float) (rnd.nextGaussian() * scale); // ... stored column-major
      }
    }
  }

  /** The default projection ({@value #DEFAULT_DIMENSION} dimensions, seed {@value #DEFAULT_SEED}) of {@code inputDimension}-dimensional vectors. */
  public static EmbeddingProjection of(int inputDimension) {
    return of(inputDimension, DEFAULT_DIMENSION, DEFAULT_SEED);
  }

  /**
   * A projection from {@code inputDimension} to {@code dimension} dimensions.
   *
   * @throws ConfigurationException when a dimension is below 1 or {@code dimension} is above
   *     {@link ProjectedEmbedding#MAX_DIMENSION} or {@code inputDimension}
   */
  public static EmbeddingProjection of(int inputDimension, int dimension, long seed) {
    if (inputDimension < 1) {
      throw new ConfigurationException("inputDimension must be >= 1, got " + inputDimension);
    }
    if (dimension < 1 || dimension > Math.min(inputDimension, ProjectedEmbedding.MAX_DIMENSION)) {
      throw new ConfigurationException("dimension must be in [1, " + Math.min(inputDimension,
          ProjectedEmbedding.MAX_DIMENSION) + "], got " + dimension);
    }
    return new EmbeddingProjection(inputDimension, dimension, seed);
  }

  /** Dimension of the vectors projected. */
  public int inputDimension() {
    return inputDimension;
  }

  /** Dimension of the projected vectors. */
  public int dimension() {
    return dimension;
  }

  /** Seed of the matrix. */
  public long seed() {
    return seed;
  }

  /**
   * The projection of {@code x} (a new array).
   *
   * @throws IllegalArgumentException when {@code x} has the wrong length
   */
  public float[] project(float[] x) {
    if (x.length != inputDimension) {
      throw new IllegalArgumentException("expected a " + inputDimension + "-dimensional vector, got " + x.length);
    }
    float[] out = new float[dimension];
    for (int c = 0, off = 0; c < inputDimension; c++, off += dimension) {
      float xc = x[c];
      for (int r = 0; r < dimension; r++) {
        out[r] += matrix[off + r] * xc;
      }
    }
    return out;
  }

  /** {@link #project} as a captured embedding. */
  public ProjectedEmbedding embed(float[] x) {
    return ProjectedEmbedding.owning(project(x));
  }

  @Override
  public String toString() {
    return "EmbeddingProjection[" + inputDimension + " -> " + dimension + ", seed " + seed + "]";
  }
}
