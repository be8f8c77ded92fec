package io.intentops.inference.spi;

/**
 * Row-wise symmetric int8 quantisation of a weight delta: {@code W = W0 + q[r][c] * scale[r]}. A
 * fine-tuned matrix is stored as what changed (one byte per weight plus one float per row) instead of
 * a second copy of the encoder. Training and serving both merge with {@link #apply}, so they compute
 * bit-identical weights. Thread-safe (stateless).
 */
public final class Int8Delta {
  private Int8Delta() {}

  /**
   * A quantised delta.
   *
   * @param q row-major {@code [rows, cols]} int8 codes
   * @param scale per-row scale
   */
  public record Quantized(byte[] q, float[] scale) {}

  /** Quantises {@code delta} ({@code [rows, cols]}, row-major) with one scale per row (max |d| / 127). */
  public static Quantized quantize(float[] delta, int rows, int cols) {
    if (delta.length != (long) rows * cols) {
      throw new IllegalArgumentException("delta has " + delta.length + " values, expected " + rows + "x" + cols);
    }
    byte[] q = new byte[delta.length];
    float[] scale = new float[rows];
    for (int r = 0; r < rows; r++) {
      float max = 0f;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, Math.abs(delta[r * cols + c]));
      }
      float s = max / 127f;
      scale[r] = s;
      if (s == 0f) {
        continue;
      }
      for (int c = 0; c < cols; c++) {
        int v = Math.round(delta[r * cols + c] / s);
        q[r * cols + c] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    return new Quantized(q, scale);
  }

  /** {@code base + dequantised delta}, row-major {@code [rows, cols]}. */
  public static float[] apply(float[] base, Quantized d, int rows, int cols) {
    if (base.length != (long) rows * cols || d.q().length != base.length || d.scale().length != rows) {
      throw new IllegalArgumentException("Delta shape does not match base " + rows + "x" + cols);
    }
    float[] out = new float[base.length];
    for (int r = 0; r < rows; r++) {
      float s = d.scale()[r];
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        out[i] = base[i] + d.q()[i] * s;
      }
    }
    return out;
  }

  /** Transposes a row-major {@code [rows, cols]} matrix. */
  public static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
