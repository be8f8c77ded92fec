package io.intentops.inference.ner.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.encoder.internal.NativeHandles;
import io.intentops.inference.spi.Int8Delta;
import io.intentops.inference.spi.OnnxGraph;
import io.intentops.inference.spi.WordShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an NER bundle's weight file into what serving needs: ONNX initializer overrides for the base
 * encoder (int8 row deltas merged with {@link Int8Delta#apply}, or full F32 replacements) and the token
 * head (classifier weight and bias, optional word-shape embedding). Stateless and thread-safe.
 */
final class NerWeights {
  static final String HEAD_WEIGHT = "head.classifier.weight";
  static final String HEAD_BIAS = "head.classifier.bias";
  static final String SHAPE_EMBEDDING = "head.shape_embedding";
  static final String DELTA_SUFFIX = ".delta_i8";
  static final String SCALE_SUFFIX = ".delta_scale";

  private NerWeights() {}

  /**
   * The injected weights.
   *
   * @param overrides ONNX initializer name to its new value, for {@code addInitializer}
   * @param owned the tensors to close when the session is closed (they must outlive it)
   * @param headWeight {@code [labels, hidden]}
   * @param shapeEmbedding {@code [WordShape.COUNT, hidden]} or null
   */
  record Injected(Map<String, OnnxTensor> overrides, List<OnnxTensor> owned, float[] headWeight, float[] headBias,
      float @Nullable [] shapeEmbedding, int hidden) {}

  /**
   * Reads the head and builds the encoder overrides; on failure every tensor made so far is closed.
   *
   * @throws ModelIntegrityException when a tensor is missing, of the wrong type or does not fit the base encoder
   *     or the label count
   */
  static Injected inject(SafeTensors.Contents weights, OnnxGraph graph, int labels, OrtEnvironment env)
      throws OrtException {
    Map<String, SafeTensors.Tensor> tensors = weights.tensors();
    Map<String, OnnxTensor> overrides = new LinkedHashMap<>();
    List<OnnxTensor> owned = new ArrayList<>();
    try {
      float[] headW = null;
      float[] headB = null;
      float[] shapeEmb = null;
      for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
        String name = e.getKey();
        SafeTensors.Tensor t = e.getValue();
        switch (name) {
          case HEAD_WEIGHT -> headW = f32(name, t);
          case HEAD_BIAS -> headB = f32(name, t);
          case SHAPE_EMBEDDING -> shapeEmb = f32(name, t);
          default -> {
            if (name.endsWith(SCALE_SUFFIX)) {
              continue;
            }
            Map.Entry<String, OnnxTensor> o;
            if (name.endsWith(DELTA_SUFFIX)) {
              String base = name.substring(0, name.length() - DELTA_SUFFIX.length());
              SafeTensors.Tensor scale = tensors.get(base + SCALE_SUFFIX);
              if (scale == null) {
                throw new ModelIntegrityException("Bundle weights lack " + base + SCALE_SUFFIX);
              }
              o = merge(env, graph, base, t, scale);
            } else {
              o = replace(env, graph, name, t);
            }
            owned.add(o.getValue());
            overrides.put(o.getKey(), o.getValue());
          }
        }
      }
      if (headW == null || headB == null) {
        throw new ModelIntegrityException("Bundle weights lack the token head (head.classifier.*)");
      }
      if (headB.length != labels || headW.length % labels != 0) {
        throw new ModelIntegrityException("Token head has " + headB.length + " outputs but the manifest has " + labels
            + " labels");
      }
      int hidden = headW.length / labels;
      if (shapeEmb != null && shapeEmb.length != WordShape.COUNT * hidden) {
        throw new ModelIntegrityException("Shape embedding has " + shapeEmb.length + " values, expected "
            + WordShape.COUNT * hidden);
      }
      return new Injected(overrides, owned, headW, headB, shapeEmb, hidden);
    } catch (OrtException | RuntimeException e) {
      owned.forEach(NativeHandles::close);
      throw e;
    }
  }

  /** The F32 values of a tensor; fails for another dtype. */
  static float[] f32(String name, SafeTensors.Tensor t) {
    if (t.dtype() != SafeTensors.DType.F32) {
      throw new ModelIntegrityException("Tensor " + name + " is not F32");
    }
    return t.toFloatArray();
  }

  /** The I8 values of a tensor; fails for another dtype. */
  static byte[] i8(String name, SafeTensors.Tensor t) {
    if (t.dtype() != SafeTensors.DType.I8) {
      throw new ModelIntegrityException("Tensor " + name + " is not I8");
    }
    return t.toByteArray();
  }

  /** Merges an int8 delta into the base weight; returns the ONNX initializer name and its new value. */
  private static Map.Entry<String, OnnxTensor> merge(OrtEnvironment env, OnnxGraph graph, String name,
      SafeTensors.Tensor delta, SafeTensors.Tensor scale) throws OrtException {
    OnnxGraph.Resolved r = graph.resolve(name)
        .orElseThrow(() -> new ModelIntegrityException("Base encoder has no weight for " + name));
    long[] shape = delta.shape();
    if (shape.length != 2) {
      throw new ModelIntegrityException("Delta " + name + " must be 2-D, got " + Arrays.toString(shape));
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] base = r.initializer().floats();
    long[] dims = r.initializer().dims();
    boolean ok = r.transposed() ? dims[0] == cols && dims[1] == rows : dims[0] == rows && dims[1] == cols;
    if (!ok) {
      throw new ModelIntegrityException("Delta " + name + " has shape " + Arrays.toString(shape)
          + " but the base weight is " + Arrays.toString(dims));
    }
    if (r.transposed()) {
      base = Int8Delta.transpose(base, cols, rows); // ONNX holds [in, out]; deltas are [out, in]
    }
    float[] merged = Int8Delta.apply(base, new Int8Delta.Quantized(i8(name, delta), f32(name, scale)),
        rows, cols);
    if (r.transposed()) {
      merged = Int8Delta.transpose(merged, rows, cols);
    }
    return Map.entry(r.initializer().name(), tensor(env, merged, dims));
  }

  /** A full F32 replacement of a base weight of the same shape. */
  private static Map.Entry<String, OnnxTensor> replace(OrtEnvironment env, OnnxGraph graph, String name,
      SafeTensors.Tensor t) throws OrtException {
    OnnxGraph.Resolved r = graph.resolve(name)
        .orElseThrow(() -> new ModelIntegrityException("Base encoder has no weight for " + name));
    float[] v = f32(name, t);
    if (r.transposed() || r.initializer().size() != v.length) {
      throw new ModelIntegrityException("Weight " + name + " does not match the base encoder's shape "
          + Arrays.toString(r.initializer().dims()));
    }
    return Map.entry(r.initializer().name(), tensor(env, v, r.initializer().dims()));
  }

  /** A tensor for {@code addInitializer}; it must stay open for the session's lifetime. */
  private static OnnxTensor tensor(OrtEnvironment env, float[] v, long[] dims) throws OrtException {
    ByteBuffer buf = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
    buf.asFloatBuffer().put(v);
    return NativeHandles.track(OnnxTensor.createTensor(env, buf.asFloatBuffer(), dims));
  }
}
