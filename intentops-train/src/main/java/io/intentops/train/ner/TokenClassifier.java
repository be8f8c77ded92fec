package io.intentops.train.ner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.intentops.inference.spi.WordShape;
import io.intentops.train.bert.BertEncoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * BERT encoder + token head: logits = W · dropout(h + shapeEmbedding[shape]) + b. Holds which
 * parameters train. Not thread-safe (one training loop owns it).
 */
final class TokenClassifier implements AutoCloseable {
  static final String HEAD_WEIGHT = "head.classifier.weight";
  static final String HEAD_BIAS = "head.classifier.bias";
  static final String SHAPE_EMBEDDING = "head.shape_embedding";

  private final BertEncoder encoder;
  private final NDManager manager;
  private final NDArray shapeEmbedding;
  private final NDArray headWeight;
  private final NDArray headBias;
  private final boolean useShape;
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();

  TokenClassifier(BertEncoder encoder, NDManager parent, int numLabels, int freezeLayers, boolean useShape) {
    this.encoder = encoder;
    this.useShape = useShape;
    this.manager = parent.newSubManager();
    int h = encoder.config().hidden();
    // Initialisation after Engine.setRandomSeed: deterministic. N(0, 0.02) like BERT's initializer_range.
    this.headWeight = manager.randomNormal(0f, 0.02f, new Shape(numLabels, h), DataType.FLOAT32);
    this.headBias = manager.zeros(new Shape(numLabels));
    this.shapeEmbedding = manager.randomNormal(0f, 0.02f, new Shape(WordShape.COUNT, h), DataType.FLOAT32);
    for (int l = freezeLayers; l < encoder.config().layers(); l++) {
      for (String name : BertEncoder.layerParameterNames(l)) {
        trainable.put(name, encoder.parameter(name));
      }
    }
    if (useShape) {
      trainable.put(SHAPE_EMBEDDING, shapeEmbedding);
    }
    trainable.put(HEAD_WEIGHT, headWeight);
    trainable.put(HEAD_BIAS, headBias);
    for (NDArray a : trainable.values()) {
      a.setRequiresGradient(true);
    }
  }

  BertEncoder encoder() {
    return encoder;
  }

  boolean useShape() {
    return useShape;
  }

  /** Trainable parameters by name (live arrays). */
  Map<String, NDArray> trainable() {
    return Collections.unmodifiableMap(trainable);
  }

  /** Head parameters by name (live arrays), whether or not the shape feature is used. */
  Map<String, NDArray> head() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put(HEAD_WEIGHT, headWeight);
    m.put(HEAD_BIAS, headBias);
    if (useShape) {
      m.put(SHAPE_EMBEDDING, shapeEmbedding);
    }
    return m;
  }

  /** Names that get no weight decay: biases, LayerNorms and the shape embedding. */
  static boolean noDecay(String name) {
    return name.endsWith(".bias") || name.contains("LayerNorm") || name.equals(SHAPE_EMBEDDING);
  }

  static Set<String> headNames() {
    return Set.of(HEAD_WEIGHT, HEAD_BIAS, SHAPE_EMBEDDING);
  }

  /**
   * Logits {@code [batch, seq, labels]}.
   *
   * @param ids int64 {@code [batch, seq]}
   * @param mask int64 {@code [batch, seq]}
   * @param shapes int64 {@code [batch, seq]} casing classes ({@link WordShape})
   */
  NDArray forward(NDArray ids, NDArray mask, NDArray shapes, boolean training, float dropout) {
    return head(encoder.forward(ids, mask, training, dropout), shapes, training, dropout);
  }

  /**
   * Logits from cached hidden states after the first {@code from} layers (frozen layers run once).
   *
   * @param hidden float32 {@code [batch, seq, hidden]} output of layer {@code from - 1}
   */
  NDArray forwardFrom(NDArray hidden, int from, NDArray mask, NDArray shapes, boolean training, float dropout) {
    NDArray h = encoder.layers(hidden, mask, from, encoder.config().layers(), training, dropout);
    return head(h, shapes, training, dropout);
  }

  private NDArray head(NDArray h, NDArray shapes, boolean training, float dropout) {
    if (useShape) {
      h = h.add(Embedding.embedding(shapes, shapeEmbedding, SparseFormat.DENSE).singletonOrThrow());
    }
    if (training && dropout > 0) {
      h = Dropout.dropout(h, dropout, true).singletonOrThrow();
    }
    return Linear.linear(h, headWeight, headBias).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
    encoder.close();
  }
}
