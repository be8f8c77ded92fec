package io.intentops.inference.ner.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelLoadException;
import io.intentops.inference.encoder.internal.NativeHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Gives label logits for chosen sub-token positions of a batch of token windows. Implementations are
 * thread-safe (ONNX Runtime sessions allow concurrent {@code run} calls).
 */
abstract class TokenScorer implements AutoCloseable {
  final OrtSession session;
  final List<String> labels;
  private final boolean needsTypeIds;
  private final List<OnnxTensor> ownedTensors;

  TokenScorer(OrtSession session, List<String> labels, List<OnnxTensor> ownedTensors) {
    this.session = session;
    this.labels = List.copyOf(labels);
    this.ownedTensors = List.copyOf(ownedTensors);
    try {
      this.needsTypeIds = session.getInputNames().contains("token_type_ids");
      if (!session.getInputNames().contains("input_ids") || !session.getInputNames().contains("attention_mask")) {
        throw new ModelLoadException("ONNX model inputs " + session.getInputNames()
            + " lack input_ids or attention_mask");
      }
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * Label logits for each query.
   *
   * @param windows token ids per window (with special tokens), ragged
   * @param qWindow window of each query
   * @param qPos position of each query inside its window
   * @param qShape casing class of each query's word (ignored by models without the feature)
   */
  abstract float[][] logits(long[][] windows, int[] qWindow, int[] qPos, int[] qShape);

  /** Runs the session on padded windows and returns its first output (rank 3). */
  float[][][] run(long[][] windows) {
    int w = windows.length;
    int t = 0;
    for (long[] win : windows) {
      t = Math.max(t, win.length);
    }
    long[][] ids = new long[w][t];
    long[][] mask = new long[w][t];
    for (int i = 0; i < w; i++) {
      System.arraycopy(windows[i], 0, ids[i], 0, windows[i].length);
      for (int j = 0; j < windows[i].length; j++) {
        mask[i][j] = 1;
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", NativeHandles.track(OnnxTensor.createTensor(env, ids)));
      in.put("attention_mask", NativeHandles.track(OnnxTensor.createTensor(env, mask)));
      if (needsTypeIds) {
        in.put("token_type_ids", NativeHandles.track(OnnxTensor.createTensor(env, new long[w][t])));
      }
      OrtSession.Result r = NativeHandles.track(session.run(in));
      try {
        Object v = r.get(0).getValue();
        if (!(v instanceof float[][][] out)) {
          throw new InferenceException("ONNX model output 0 is not a float [batch, seq, dim] tensor");
        }
        return out;
      } finally {
        NativeHandles.close(r);
      }
    } catch (OrtException e) {
      throw new InferenceException("ONNX Runtime failed: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // ORT's Java API throws this when the session was closed concurrently.
      throw new InferenceException("ONNX Runtime session is closed: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor x : in.values()) {
        NativeHandles.close(x);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      session.close();
    } catch (OrtException | RuntimeException ignored) {
      // Closing twice or after a failed start is harmless.
    }
    for (OnnxTensor t : ownedTensors) {
      NativeHandles.close(t);
    }
  }

  /** An encoder session (last hidden state) plus the IntentOps token head computed in Java. */
  static final class EncoderWithHead extends TokenScorer {
    private final float[] headWeight; // [labels, hidden]
    private final float[] headBias;
    private final float @Nullable [] shapeEmbedding; // [shapes, hidden]
    private final int hidden;

    EncoderWithHead(OrtSession session, List<String> labels, List<OnnxTensor> owned, float[] headWeight,
        float[] headBias, float @Nullable [] shapeEmbedding, int hidden) {
      super(session, labels, owned);
      this.headWeight = headWeight;
      this.headBias = headBias;
      this.shapeEmbedding = shapeEmbedding;
      this.hidden = hidden;
    }

    @Override
    float[][] logits(long[][] windows, int[] qWindow, int[] qPos, int[] qShape) {
      float[][][] h = run(windows);
      int nl = labels.size();
      float[][] out = new float[qWindow.length][nl];
      float[] x = new float[hidden];
      for (int q = 0; q < qWindow.length; q++) {
        float[] row = h[qWindow[q]][qPos[q]];
        if (row.length != hidden) {
          throw new InferenceException("Encoder hidden size " + row.length + " does not match the head's " + hidden);
        }
        System.arraycopy(row, 0, x, 0, hidden);
        if (shapeEmbedding != null) {
          int off = qShape[q] * hidden;
          for (int i = 0; i < hidden; i++) {
            x[i] += shapeEmbedding[off + i];
          }
        }
        for (int l = 0; l < nl; l++) {
          double s = headBias[l];
          int off = l * hidden;
          for (int i = 0; i < hidden; i++) {
            s += headWeight[off + i] * x[i];
          }
          out[q][l] = (float) s;
        }
      }
      return out;
    }
  }

  /** A token-classification export whose output already is {@code logits [batch, seq, labels]}. */
  static final class LogitsModel extends TokenScorer {
    LogitsModel(OrtSession session, List<String> labels) {
      super(session, labels, new ArrayList<>());
    }

    @Override
    float[][] logits(long[][] windows, int[] qWindow, int[] qPos, int[] qShape) {
      float[][][] lg = run(windows);
      float[][] out = new float[qWindow.length][];
      for (int q = 0; q < qWindow.length; q++) {
        float[] row = lg[qWindow[q]][qPos[q]];
        if (row.length != labels.size()) {
          throw new InferenceException("Model gives " + row.length + " logits per token but config.json has "
              + labels.size() + " labels");
        }
        out[q] = row.clone();
      }
      return out;
    }
  }
}
