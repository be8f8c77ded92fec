package io.intentops.train.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.intentops.core.ModelLoadException;
import io.intentops.inference.spi.OnnxGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (embeddings, masked multi-head self-attention, GELU feed-forward, post-LayerNorm) as
 * plain DJL NDArray operations, differentiable under a {@code GradientCollector}. Parameters use
 * Hugging Face names ({@code encoder.layer.0.attention.self.query.weight}); linear weights are held
 * as {@code [out, in]} like {@code torch.nn.Linear}.
 *
 * <p>Not thread-safe: one training loop owns an instance. Parameters live in the manager given at
 * construction and are freed by {@link #close()}.
 */
public final class BertEncoder implements AutoCloseable {
  /** Additive attention bias for padded key positions (exp underflows to exactly 0 in float32). */
  static final float MASK_BIAS = -1e4f;

  private final BertConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> params;

  private BertEncoder(BertConfig config, NDManager manager, Map<String, NDArray> params) {
    this.config = config;
    this.manager = manager;
    this.params = params;
  }

  /**
   * Loads an encoder from an ONNX export's initializers. Anonymous MatMul weights are found via
   * their node names and transposed to {@code [out, in]}.
   *
   * @param parent manager the parameters are created in (a sub-manager is used; closed by {@link #close()})
   * @throws ModelLoadException when a weight is missing or has an unexpected shape
   */
  public static BertEncoder fromOnnx(OnnxGraph graph, BertConfig config, NDManager parent) {
    NDManager m = parent.newSubManager();
    Map<String, NDArray> params = new LinkedHashMap<>();
    try {
      for (String name : parameterNames(config)) {
        OnnxGraph.Resolved r = graph.resolve(name)
            .orElseThrow(() -> new ModelLoadException("ONNX model has no weight for " + name));
        long[] dims = r.initializer().dims();
        float[] values = r.initializer().floats();
        NDArray a;
        if (r.transposed()) {
          a = m.create(values, new Shape(dims)).transpose();
          NDArray c = a.duplicate(); // contiguous [out, in]
          a.close();
          a = c;
        } else {
          a = m.create(values, new Shape(dims));
        }
        long[] expected = expectedShape(name, config);
        if (!shapeMatches(a.getShape().getShape(), expected)) {
          throw new ModelLoadException("ONNX weight " + name + " has shape " + a.getShape() + ", expected "
              + new Shape(expected));
        }
        a.setName(name);
        params.put(name, a);
      }
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return new BertEncoder(config, m, params);
  }

  /** Every parameter name of an encoder with this config, in a stable order. */
  public static List<String> parameterNames(BertConfig config) {
    List<String> names = new ArrayList<>(List.of(
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
    for (int l = 0; l < config.layers(); l++) {
      names.addAll(layerParameterNames(l));
    }
    return names;
  }

  /** The parameter names of one transformer layer. */
  public static List<String> layerParameterNames(int layer) {
    String p = "encoder.layer." + layer + ".";
    List<String> names = new ArrayList<>();
    for (String lin : linearNames(layer)) {
      names.add(lin + ".weight");
      names.add(lin + ".bias");
    }
    names.addAll(List.of(p + "attention.output.LayerNorm.weight", p + "attention.output.LayerNorm.bias",
        p + "output.LayerNorm.weight", p + "output.LayerNorm.bias"));
    return names;
  }

  /** Module names of the six linear layers of a transformer layer. */
  public static List<String> linearNames(int layer) {
    String p = "encoder.layer." + layer + ".";
    return List.of(p + "attention.self.query", p + "attention.self.key", p + "attention.self.value",
        p + "attention.output.dense", p + "intermediate.dense", p + "output.dense");
  }

  static long[] expectedShape(String name, BertConfig c) {
    long h = c.hidden();
    long i = c.intermediate();
    if (name.equals("embeddings.word_embeddings.weight")) {
      return new long[] {-1, h}; // -1: any vocabulary size
    }
    if (name.endsWith("intermediate.dense.weight")) {
      return new long[] {i, h};
    }
    if (name.endsWith("intermediate.dense.bias")) {
      return new long[] {i};
    }
    if (name.endsWith("output.dense.weight") && !name.contains("attention")) {
      return new long[] {h, i};
    }
    if (name.endsWith(".weight") && (name.contains("query") || name.contains("key") || name.contains("value")
        || name.contains("attention.output.dense"))) {
      return new long[] {h, h};
    }
    if (name.equals("embeddings.position_embeddings.weight") || name.equals("embeddings.token_type_embeddings.weight")) {
      return new long[] {-1, h};
    }
    return new long[] {h};
  }

  private static boolean shapeMatches(long[] actual, long[] expected) {
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (expected[i] >= 0 && expected[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }

  /** The configuration. */
  public BertConfig config() {
    return config;
  }

  /** Parameters by Hugging Face name (live arrays, not copies). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** One parameter. */
  public NDArray parameter(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalArgumentException("No parameter " + name);
    }
    return a;
  }

  /**
   * Runs the encoder.
   *
   * @param inputIds token ids, int64 {@code [batch, seq]}
   * @param attentionMask 1 for real tokens, 0 for padding, int64 {@code [batch, seq]}
   * @param training whether dropout is active
   * @param dropout dropout rate for embeddings, attention probabilities and residual branches
   * @return last hidden state, float32 {@code [batch, seq, hidden]}
   */
  public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training, float dropout) {
    return layers(embed(inputIds, training, dropout), attentionMask, 0, config.layers(), training, dropout);
  }

  /**
   * The embedding block: word + position + token-type embeddings, LayerNorm, dropout.
   *
   * @param inputIds token ids, int64 {@code [batch, seq]}
   * @return float32 {@code [batch, seq, hidden]}
   */
  public NDArray embed(NDArray inputIds, boolean training, float dropout) {
    long seq = inputIds.getShape().get(1);
    NDArray positions = inputIds.getManager().arange(0, (int) seq, 1, DataType.INT64).reshape(1, seq);
    NDArray types = inputIds.zerosLike();
    NDArray x = Embedding.embedding(inputIds, parameter("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
        .singletonOrThrow();
    x = x.add(Embedding.embedding(types, parameter("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE)
        .singletonOrThrow());
    x = x.add(Embedding.embedding(positions, parameter("embeddings.position_embeddings.weight"), SparseFormat.DENSE)
        .singletonOrThrow());
    x = layerNorm(x, "embeddings.LayerNorm", config.layerNormEps());
    return drop(x, dropout, training);
  }

  /**
   * Transformer layers {@code [from, to)} applied to hidden states; lets a trainer run frozen bottom
   * layers once and cache their output.
   *
   * @param x float32 {@code [batch, seq, hidden]}
   * @param attentionMask 1 for real tokens, 0 for padding, int64 {@code [batch, seq]}
   */
  public NDArray layers(NDArray x, NDArray attentionMask, int from, int to, boolean training, float dropout) {
    long batch = x.getShape().get(0);
    long seq = x.getShape().get(1);
    int hidden = config.hidden();
    int heads = config.heads();
    int hs = config.headSize();
    float eps = config.layerNormEps();
    // [B, 1, 1, T] additive bias: 0 for tokens, MASK_BIAS for padding.
    NDArray maskBias = attentionMask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASK_BIAS)
        .reshape(batch, 1, 1, seq);
    float scale = (float) (1.0 / Math.sqrt(hs));
    for (int l = from; l < to; l++) {
      String p = "encoder.layer." + l + ".";
      NDArray q = linear(x, p + "attention.self.query").reshape(batch, seq, heads, hs).transpose(0, 2, 1, 3);
      NDArray k = linear(x, p + "attention.self.key").reshape(batch, seq, heads, hs).transpose(0, 2, 3, 1);
      NDArray v = linear(x, p + "attention.self.value").reshape(batch, seq, heads, hs).transpose(0, 2, 1, 3);
      NDArray scores = q.matMul(k).mul(scale).add(maskBias);
      NDArray probs = drop(scores.softmax(-1), dropout, training);
      NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, hidden);
      NDArray attnOut = drop(linear(ctx, p + "attention.output.dense"), dropout, training);
      x = layerNorm(attnOut.add(x), p + "attention.output.LayerNorm", eps);
      NDArray inter = Activation.gelu(linear(x, p + "intermediate.dense"));
      NDArray out = drop(linear(inter, p + "output.dense"), dropout, training);
      x = layerNorm(out.add(x), p + "output.LayerNorm", eps);
    }
    return x;
  }

  private NDArray linear(NDArray x, String module) {
    return Linear.linear(x, parameter(module + ".weight"), parameter(module + ".bias")).singletonOrThrow();
  }

  private NDArray layerNorm(NDArray x, String module, float eps) {
    return LayerNorm.layerNorm(x, new Shape(config.hidden()), parameter(module + ".weight"),
        parameter(module + ".bias"), eps).singletonOrThrow();
  }

  private static NDArray drop(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
