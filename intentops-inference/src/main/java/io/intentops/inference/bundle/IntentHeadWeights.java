package io.intentops.inference.bundle;

import io.intentops.core.ModelIntegrityException;
import io.intentops.inference.bundle.SafeTensors.Contents;
import io.intentops.inference.bundle.SafeTensors.Tensor;
import io.intentops.inference.encoder.ModelResource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Weights of an intent head as stored in a bundle's {@value #FILE}: feature standardisation
 * ({@code mean}, {@code scale}), a linear layer ({@code weight} {@code [classes, dim]}, {@code bias}
 * {@code [classes]}) and optionally the kNN out-of-scope reference bank ({@code oos.bank}
 * {@code [n, dim]}, rows L2-normalised raw embeddings) and the Mahalanobis out-of-scope statistics
 * ({@code oos.whiten} {@code [dim, dim]}, the inverse Cholesky factor of the shared covariance of the
 * L2-normalised embeddings, and {@code oos.means} {@code [m, dim]}, the whitened class means; both F32).
 * The trainer writes it, the predictor reads it; files without the optional tensors read as before.
 * Immutable by convention (arrays are not copied; do not modify them); thread-safe.
 *
 * @param mean per-feature mean subtracted before the linear layer
 * @param scale per-feature standard deviation the centred features are divided by
 * @param weight row-major {@code [classes, dim]}
 * @param bias {@code [classes]}
 * @param classes number of classes
 * @param dim feature dimension
 * @param bank row-major {@code [bankRows, dim]} L2-normalised reference embeddings, or null
 * @param bankRows rows in {@code bank} (0 when absent)
 * @param oosWhiten row-major {@code [dim, dim]} whitening matrix of the Mahalanobis scorer, or null
 * @param oosMeans row-major {@code [oosMeanRows, dim]} whitened class means, or null (present exactly when
 *     {@code oosWhiten} is)
 * @param oosMeanRows rows in {@code oosMeans} (0 when absent)
 */
public record IntentHeadWeights(float[] mean, float[] scale, float[] weight, float[] bias, int classes, int dim,
    float @Nullable [] bank, int bankRows, float @Nullable [] oosWhiten, float @Nullable [] oosMeans, int oosMeanRows) {
  /** File name inside a bundle. */
  public static final String FILE = "head.safetensors";

  public IntentHeadWeights {
    Objects.requireNonNull(mean, "mean");
    if (classes < 1 || dim < 1 || mean.length != dim || scale.length != dim || bias.length != classes
        || weight.length != (long) classes * dim) {
      throw new IllegalArgumentException("Inconsistent head shapes: classes=" + classes + " dim=" + dim + " mean="
          + mean.length + " scale=" + scale.length + " weight=" + weight.length + " bias=" + bias.length);
    }
    if (bank != null && (bankRows < 1 || bank.length != (long) bankRows * dim)) {
      throw new IllegalArgumentException("OOS bank has " + bank.length + " values, not " + bankRows + " x " + dim);
    }
    if ((oosWhiten == null) != (oosMeans == null)) {
      throw new IllegalArgumentException("'oos.whiten' and 'oos.means' must be present together");
    }
    if (oosWhiten != null && (oosWhiten.length != (long) dim * dim || oosMeanRows < 1
        || oosMeans.length != (long) oosMeanRows * dim)) {
      throw new IllegalArgumentException("Mahalanobis statistics must be [" + dim + ", " + dim + "] and [m, " + dim + "], got "
          + oosWhiten.length + " and " + oosMeans.length + " values for m=" + oosMeanRows);
    }
    for (float s : scale) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("scale values must be positive and finite, got " + s);
      }
    }
  }

  /** Weights without Mahalanobis statistics (bundles written before they existed). */
  public IntentHeadWeights(float[] mean, float[] scale, float[] weight, float[] bias, int classes, int dim,
      float @Nullable [] bank, int bankRows) {
    this(mean, scale, weight, bias, classes, dim, bank, bankRows, null, null, 0);
  }

  /** These weights with the Mahalanobis statistics {@code whiten} {@code [dim, dim]} and {@code means} {@code [rows, dim]}. */
  public IntentHeadWeights withMahalanobis(float[] whiten, float[] means, int rows) {
    return new IntentHeadWeights(mean, scale, weight, bias, classes, dim, bank, bankRows, whiten, means, rows);
  }

  /**
   * Writes the tensors; {@code halfPrecision} stores weight and bank as F16 (halves the file, and
   * changes logits by about 1e-3), standardisation and bias stay F32.
   */
  public void write(Path file, boolean halfPrecision, Map<String, String> metadata) {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("mean", Tensor.f32(new long[] {dim}, mean));
    t.put("scale", Tensor.f32(new long[] {dim}, scale));
    t.put("bias", Tensor.f32(new long[] {classes}, bias));
    t.put("weight", halfPrecision ? Tensor.f16(new long[] {classes, dim}, weight) : Tensor.f32(new long[] {classes, dim}, weight));
    if (bank != null) {
      long[] shape = {bankRows, dim};
      t.put("oos.bank", halfPrecision ? Tensor.f16(shape, bank) : Tensor.f32(shape, bank));
    }
    if (oosWhiten != null && oosMeans != null) {
      // F32 even in half precision: the whitening amplifies rounding errors along low-variance directions
      t.put("oos.whiten", Tensor.f32(new long[] {dim, dim}, oosWhiten));
      t.put("oos.means", Tensor.f32(new long[] {oosMeanRows, dim}, oosMeans));
    }
    SafeTensors.write(file, t, metadata);
  }

  /**
   * Reads and shape-checks head weights.
   *
   * @throws ModelIntegrityException when tensors are missing, malformed or inconsistent
   */
  public static IntentHeadWeights read(ModelResource file) {
    Contents c = SafeTensors.read(file);
    Tensor w = c.require("weight");
    long[] ws = w.shape();
    if (ws.length != 2) {
      throw new ModelIntegrityException(file.ref() + ": 'weight' must be [classes, dim], got rank " + ws.length);
    }
    int classes = Math.toIntExact(ws[0]);
    int dim = Math.toIntExact(ws[1]);
    float[] bank = null;
    int rows = 0;
    Tensor b = c.tensors().get("oos.bank");
    if (b != null) {
      long[] bs = b.shape();
      if (bs.length != 2 || bs[1] != dim) {
        throw new ModelIntegrityException(file.ref() + ": 'oos.bank' must be [n, " + dim + "]");
      }
      rows = Math.toIntExact(bs[0]);
      bank = b.toFloatArray();
    }
    float[] whiten = null;
    float[] means = null;
    int meanRows = 0;
    Tensor wh = c.tensors().get("oos.whiten");
    Tensor mu = c.tensors().get("oos.means");
    if (wh != null || mu != null) {
      if (wh == null || mu == null) {
        throw new ModelIntegrityException(file.ref() + ": 'oos.whiten' and 'oos.means' must be present together");
      }
      long[] whs = wh.shape();
      long[] mus = mu.shape();
      if (whs.length != 2 || whs[0] != dim || whs[1] != dim || mus.length != 2 || mus[1] != dim) {
        throw new ModelIntegrityException(file.ref() + ": 'oos.whiten' must be [" + dim + ", " + dim + "] and 'oos.means' [m, "
            + dim + "]");
      }
      whiten = wh.toFloatArray();
      means = mu.toFloatArray();
      meanRows = Math.toIntExact(mus[0]);
    }
    try {
      return new IntentHeadWeights(c.require("mean").toFloatArray(), c.require("scale").toFloatArray(), w.toFloatArray(),
          c.require("bias").toFloatArray(), classes, dim, bank, rows, whiten, means, meanRows);
    } catch (IllegalArgumentException e) {
      throw new ModelIntegrityException(file.ref() + ": " + e.getMessage(), e);
    }
  }
}
