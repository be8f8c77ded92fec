package io.intentops.inference.internal;

import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.inference.encoder.TokenizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * Frozen sentence encoder(s) followed by standardisation and a linear layer. Several encoders are
 * concatenated in order (their pooled vectors side by side). Thread-safe.
 */
final class EncoderHeadModel implements LogitsModel {
  private final List<SentenceEncoder> encoders;
  private final IntentHeadWeights head;

  EncoderHeadModel(List<SentenceEncoder> encoders, IntentHeadWeights head) {
    this.encoders = List.copyOf(encoders);
    this.head = head;
    int dim = 0;
    for (SentenceEncoder e : encoders) {
      dim += e.dimension();
    }
    if (dim != head.dim()) {
      throw new io.intentops.core.ModelIntegrityException("Head expects " + head.dim()
          + "-dimensional features but the encoders produce " + dim);
    }
  }

  @Override
  public Output forward(List<String> texts) {
    int b = texts.size();
    float[][] features = new float[b][head.dim()];
    boolean[] truncated = new boolean[b];
    int off = 0;
    for (SentenceEncoder e : encoders) {
      TokenizedText[] items = new TokenizedText[b];
      int[] lengths = new int[b];
      for (int i = 0; i < b; i++) {
        items[i] = e.tokenizer().encode(texts.get(i));
        lengths[i] = items[i].length();
        truncated[i] |= items[i].truncated();
      }
      // Texts of a micro-batch have unrelated lengths; length groups spend less of the run on padding.
      for (int[] group : LengthGroups.plan(lengths, LengthGroups.DEFAULT_RUN_COST)) {
        List<TokenizedText> part = new ArrayList<>(group.length);
        for (int i : group) {
          part.add(items[i]);
        }
        float[][] v = e.embed(TokenBatch.of(part));
        for (int k = 0; k < group.length; k++) {
          System.arraycopy(v[k], 0, features[group[k]], off, v[k].length);
        }
      }
      off += e.dimension();
    }
    double[][] logits = new double[b][];
    for (int i = 0; i < b; i++) {
      logits[i] = logits(head, features[i]);
    }
    return new Output(logits, features, truncated);
  }

  /** Standardise then apply the linear layer; accumulates in double. */
  static double[] logits(IntentHeadWeights h, float[] x) {
    int d = h.dim();
    double[] z = new double[d];
    float[] mean = h.mean();
    float[] scale = h.scale();
    for (int j = 0; j < d; j++) {
      z[j] = (x[j] - mean[j]) / scale[j];
    }
    float[] w = h.weight();
    float[] bias = h.bias();
    double[] out = new double[h.classes()];
    for (int c = 0; c < out.length; c++) {
      int row = c * d;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0; // independent accumulators keep the FPU pipeline busy
      int j = 0;
      for (; j + 3 < d; j += 4) {
        s0 += w[row + j] * z[j];
        s1 += w[row + j + 1] * z[j + 1];
        s2 += w[row + j + 2] * z[j + 2];
        s3 += w[row + j + 3] * z[j + 3];
      }
      for (; j < d; j++) {
        s0 += w[row + j] * z[j];
      }
      out[c] = s0 + s1 + s2 + s3 + bias[c];
    }
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (SentenceEncoder e : encoders) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
