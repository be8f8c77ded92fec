package io.intentops.benchmarks.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.core.ModelManifest;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.spi.Int8Delta;
import io.intentops.inference.spi.OnnxGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NER bundle's graph as a bare ONNX Runtime session, for the benchmarks' NER floor: the base encoder
 * the bundle names, with the bundle's weights injected as initializers exactly as the library's NER loader
 * does (int8 row deltas merged into the base weights through the public {@link Int8Delta} SPI, F32
 * tensors replacing base weights; the {@code head.*} tensors are not part of the graph). Session options
 * are {@link RawOrt}'s, i.e. the library's defaults. Not thread-safe to build; the session it holds is
 * thread-safe for {@code run}. Close it to free the session and the injected tensors.
 */
public final class RawNer implements AutoCloseable {
  private static final String DELTA_SUFFIX = ".delta_i8";
  private static final String SCALE_SUFFIX = ".delta_scale";

  private final OrtSession session;
  private final List<OnnxTensor> owned;
  private final ModelManifest manifest;
  private final ModelResource bundle;

  private RawNer(OrtSession session, List<OnnxTensor> owned, ModelManifest manifest, ModelResource bundle) {
    this.session = session;
    this.owned = owned;
    this.manifest = manifest;
    this.bundle = bundle;
  }

  /** Builds the session of the NER bundle at {@code bundle} with {@code intraOpThreads}. */
  public static RawNer load(ModelResource bundle, int intraOpThreads) {
    ModelManifest m = BundleFiles.readManifest(bundle);
    ModelResource encoder = bundle.resolve(m.encoder().source());
    byte[] onnx = encoder.readAllBytes();
    Injected w = inject(bundle, onnx);
    try {
      OrtSession s = RawOrt.session(onnx, encoder.ref(), intraOpThreads, w.overrides());
      return new RawNer(s, w.owned(), m, bundle);
    } catch (RuntimeException e) {
      w.owned().forEach(OnnxTensor::close);
      throw e;
    }
  }

  /**
   * The bundle's weights as initializer overrides of the base encoder {@code onnx}: initializer name to
   * tensor ({@code overrides}) and every tensor to close after the session ({@code owned}).
   */
  public record Injected(Map<String, OnnxTensor> overrides, List<OnnxTensor> owned) {}

  /** Parses {@code onnx} and merges the bundle's weight file into its initializers (see the class comment). */
  public static Injected inject(ModelResource bundle, byte[] onnx) {
    ModelManifest m = BundleFiles.readManifest(bundle);
    String weightsFile = m.properties().getOrDefault("ner.weights.file", "ner-weights.safetensors");
    SafeTensors.Contents weights = SafeTensors.read(bundle.resolve(weightsFile));
    OnnxGraph graph = OnnxGraph.parse(onnx, m.encoder().source());
    List<OnnxTensor> owned = new ArrayList<>();
    Map<String, OnnxTensor> overrides = new LinkedHashMap<>();
    try {
      Map<String, SafeTensors.Tensor> tensors = weights.tensors();
      for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
        String name = e.getKey();
        if (name.startsWith("head.") || name.endsWith(SCALE_SUFFIX)) {
          continue;
        }
        OnnxTensor t;
        OnnxGraph.Resolved r;
        if (name.endsWith(DELTA_SUFFIX)) {
          String base = name.substring(0, name.length() - DELTA_SUFFIX.length());
          r = graph.resolve(base).orElseThrow(() -> new IllegalStateException("no base weight for " + base));
          SafeTensors.Tensor d = e.getValue();
          int rows = (int) d.shape()[0];
          int cols = (int) d.shape()[1];
          float[] w = r.initializer().floats();
          if (r.transposed()) {
            w = Int8Delta.transpose(w, cols, rows); // ONNX holds [in, out]; deltas are [out, in]
          }
          float[] merged = Int8Delta.apply(w,
              new Int8Delta.Quantized(d.toByteArray(), tensors.get(base + SCALE_SUFFIX).toFloatArray()), rows, cols);
          if (r.transposed()) {
            merged = Int8Delta.transpose(merged, rows, cols);
          }
          t = floatTensor(merged, r.initializer().dims());
        } else {
          r = graph.resolve(name).orElseThrow(() -> new IllegalStateException("no base weight for " + name));
          t = floatTensor(e.getValue().toFloatArray(), r.initializer().dims());
        }
        owned.add(t);
        overrides.put(r.initializer().name(), t);
      }
      return new Injected(overrides, owned);
    } catch (OrtException | RuntimeException e) {
      owned.forEach(OnnxTensor::close);
      throw new IllegalStateException("Cannot inject the NER weights of " + bundle.ref() + ": " + e, e);
    }
  }

  private static OnnxTensor floatTensor(float[] v, long[] dims) throws OrtException {
    ByteBuffer buf = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
    buf.asFloatBuffer().put(v);
    return OnnxTensor.createTensor(RawOrt.environment(), buf.asFloatBuffer(), dims);
  }

  /** The session (encoder with the bundle's weights; output 0 is the last hidden state). */
  public OrtSession session() {
    return session;
  }

  /**
   * The inputs of {@code text}'s one window as the NER predictor builds it ({@code [CLS]}, the word
   * pieces of its whitespace-separated words, {@code [SEP]}), as tensors added to {@code owned}, which
   * the caller closes.
   */
  public java.util.Map<String, ai.onnxruntime.OnnxTensorLike> windowInputs(String text, List<OnnxTensor> owned) {
    try (io.intentops.inference.encoder.TextTokenizer tok =
        io.intentops.inference.encoder.TextTokenizer.loadUntruncated(tokenizer().readAllBytes(), tokenizer().ref())) {
      long[] pieces = tok.encodeWords(java.util.Arrays.asList(text.trim().split("\\s+"))).ids();
      long[] ids = new long[pieces.length + 2];
      ids[0] = tok.clsId();
      System.arraycopy(pieces, 0, ids, 1, pieces.length);
      ids[ids.length - 1] = tok.sepId();
      long[] mask = new long[ids.length];
      java.util.Arrays.fill(mask, 1L);
      long[] shape = {1, ids.length};
      java.util.Map<String, ai.onnxruntime.OnnxTensorLike> in = new java.util.HashMap<>();
      in.put("input_ids", RawOrt.add(owned, RawOrt.longTensor(ids, shape)));
      in.put("attention_mask", RawOrt.add(owned, RawOrt.longTensor(mask, shape)));
      if (session.getInputNames().contains("token_type_ids")) {
        in.put("token_type_ids", RawOrt.add(owned, RawOrt.longTensor(new long[ids.length], shape)));
      }
      return in;
    }
  }

  /** The bundle's manifest. */
  public ModelManifest manifest() {
    return manifest;
  }

  /** The bundle's tokenizer ({@code properties["tokenizer.source"]}). */
  public ModelResource tokenizer() {
    return bundle.resolve(manifest.properties().get("tokenizer.source"));
  }

  @Override
  public void close() throws OrtException {
    session.close();
    owned.forEach(OnnxTensor::close);
  }
}
