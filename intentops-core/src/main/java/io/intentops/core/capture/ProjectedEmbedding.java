package io.intentops.core.capture;

import java.util.Arrays;

/**
 * A compact, lossy summary of a prediction's pooled sentence embedding: its image under a fixed seeded
 * random projection to a few (typically 32) dimensions, as {@code intentops-capture}'s
 * {@code EmbeddingProjection} computes it. It is what embedding drift compares; it is far too small to
 * reconstruct the text from (32 random linear combinations of a 384-dimensional vector that is itself
 * a many-to-one function of the text). Immutable (the values are copied in and out) and thread-safe;
 * equality is by value.
 */
public final class ProjectedEmbedding {
  /** Largest dimension accepted (keeps a captured record small). */
  public static final int MAX_DIMENSION = 256;

  private final float[] values;

  private ProjectedEmbedding(float[] values) {
    this.values = values;
  }

  /**
   * A copy of {@code values}.
   *
   * @throws IllegalArgumentException when empty, longer than {@value #MAX_DIMENSION} or not finite
   */
  public static ProjectedEmbedding of(float[] values) {
    return owning(values.clone());
  }

  /** Takes {@code values} without copying; for callers that just allocated them. Validated as {@link #of}. */
  public static ProjectedEmbedding owning(float[] values) {
    if (values.length == 0 || values.length > MAX_DIMENSION) {
      throw new IllegalArgumentException("embedding dimension must be in [1, " + MAX_DIMENSION + "], got "
          + values.length);
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("embedding values must be finite, got " + v);
      }
    }
    return new ProjectedEmbedding(values);
  }

  /** Number of dimensions. */
  public int dimension() {
    return values.length;
  }

  /** Value {@code i}. */
  public float get(int i) {
    return values[i];
  }

  /** A copy of the values. */
  public float[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProjectedEmbedding e && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ProjectedEmbedding[" + values.length + " dims]";
  }
}
