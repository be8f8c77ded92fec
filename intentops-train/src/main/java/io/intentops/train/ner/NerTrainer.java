package io.intentops.train.ner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import io.intentops.core.ConfigurationException;
import io.intentops.core.report.NerScores;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.metrics.NerMetrics;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.spi.BioDecoder;
import io.intentops.inference.spi.OnnxGraph;
import io.intentops.inference.spi.WordShape;
import io.intentops.train.bert.BertConfig;
import io.intentops.train.bert.BertEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Fine-tunes a BERT encoder plus token head for BIO tagging with AdamW (decoupled weight decay),
 * linear warm-up then linear decay, global-norm gradient clipping, dropout and early stopping on dev
 * entity F1 (BIO-constrained Viterbi decoding). Deterministic for a given seed and thread count:
 * shuffling uses {@code java.util.Random(seed)}, initialisation and dropout the PyTorch seed.
 *
 * <p>Not thread-safe; one trainer runs one training job. Close it to free native memory.
 */
public final class NerTrainer implements AutoCloseable {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPS = 1e-8;
  /** Label id meaning "no loss here" (special tokens, non-first word pieces, padding). */
  static final int IGNORE = -1;

  private final NerTrainingConfig config;
  private final List<String> labels;
  private final Map<String, Integer> labelIndex = new HashMap<>();
  private final TextTokenizer pieces;
  private final NDManager manager;
  private final TokenClassifier model;
  private final BioDecoder decoder;
  private final BaseEncoder base;
  private final Map<String, float[]> baseValues;
  private Optimizer adamDecay;
  private Optimizer adamNoDecay;
  private int step;

  /** Receives training progress; called on the training thread. */
  public interface Listener {
    /** After every optimiser step ({@code step} counts from 1 over the whole run). */
    default void onStep(int epoch, int step, int totalSteps, double meanEpochLoss) {}

    /** A progress message (epoch summaries, early stopping). */
    default void onMessage(String message) {}

    /**
     * After an epoch that improved dev entity F1 (or any epoch without dev data); the model holds
     * that epoch's weights, so a checkpoint can be exported here.
     */
    default void onNewBest(int epoch, double devEntityF1) {}
  }

  /** Per-epoch progress. */
  public record EpochReport(int epoch, double trainLoss, double devEntityF1, double devTokenMicroF1,
      int steps, double seconds) {}

  /** Number of optimiser steps {@link #train} will run for {@code trainSize} sentences. */
  public int plannedSteps(int trainSize) {
    int total = (trainSize + config.batchSize() - 1) / config.batchSize() * config.maxEpochs();
    return config.maxSteps() > 0 ? Math.min(total, config.maxSteps()) : total;
  }

  /** Outcome of {@link #train}. */
  public record Result(List<EpochReport> epochs, int bestEpoch, double bestDevEntityF1, int totalSteps) {}

  /** Prepared model inputs for one sentence. */
  record Example(long[] ids, int[] labels, long[] shapes, int[] firstPiece, String[] gold, float @Nullable [] frozen) {
    Example withFrozen(float[] f) {
      return new Example(ids, labels, shapes, firstPiece, gold, f);
    }
  }

  /**
   * Loads the base encoder into DJL and initialises the token head.
   *
   * @param base the encoder to fine-tune (weights are read from its ONNX initializers)
   * @param labels BIO labels in output order
   */
  public NerTrainer(NerTrainingConfig config, BaseEncoder base, List<String> labels) {
    this.config = config;
    this.base = base;
    BertConfig bertConfig = base.config();
    this.labels = List.copyOf(labels);
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(labels.get(i), i);
    }
    this.decoder = new BioDecoder(labels);
    this.pieces = TextTokenizer.loadUntruncated(base.tokenizerJson(), base.tokenizerSource());
    if (config.freezeLayers() > bertConfig.layers()) {
      throw new ConfigurationException("freezeLayers " + config.freezeLayers() + " exceeds the encoder's "
          + bertConfig.layers() + " layers");
    }
    // Fixed thread counts and seeds make runs repeatable (set before the engine starts).
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) config.seed());
    this.manager = engine.newBaseManager();
    OnnxGraph graph = OnnxGraph.parse(base.onnx(), base.onnxSource());
    BertEncoder encoder = BertEncoder.fromOnnx(graph, bertConfig, manager);
    this.model = new TokenClassifier(encoder, manager, labels.size(), config.freezeLayers(), config.shapeFeature());
    this.baseValues = snapshot();
  }

  /** The collected BIO labels of a data set: O first, then B-/I- pairs sorted by type. */
  public static List<String> labelsOf(List<TaggedSentence> data) {
    java.util.TreeSet<String> types = new java.util.TreeSet<>();
    for (TaggedSentence s : data) {
      for (String t : s.tags()) {
        if (!t.equals("O")) {
          types.add(t.substring(2));
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add("O");
    for (String t : types) {
      out.add("B-" + t);
      out.add("I-" + t);
    }
    return out;
  }

  TokenClassifier model() {
    return model;
  }

  /** The labels in output order. */
  public List<String> labels() {
    return labels;
  }

  /** The configuration. */
  public NerTrainingConfig config() {
    return config;
  }

  Example prepare(TaggedSentence s) {
    TextTokenizer.WordPieces e = pieces.encodeWords(s.tokens());
    int maxPieces = config.maxTokens() - 2;
    int n = Math.min(e.ids().length, maxPieces);
    long[] ids = new long[n + 2];
    int[] lab = new int[n + 2];
    long[] shapes = new long[n + 2];
    Arrays.fill(lab, IGNORE);
    ids[0] = pieces.clsId();
    ids[n + 1] = pieces.sepId();
    System.arraycopy(e.ids(), 0, ids, 1, n);
    int[] first = e.firstPiece().clone();
    for (int w = 0; w < first.length; w++) {
      if (first[w] >= 0 && first[w] < n) {
        Integer li = labelIndex.get(s.tags().get(w));
        if (li == null) {
          throw new ConfigurationException("Tag '" + s.tags().get(w) + "' is not among the labels " + labels);
        }
        lab[first[w] + 1] = li;
        shapes[first[w] + 1] = WordShape.of(s.tokens().get(w));
        first[w] = first[w] + 1; // position in ids
      } else {
        first[w] = -1; // word dropped by truncation or without pieces: predicted O
      }
    }
    return new Example(ids, lab, shapes, first, s.tags().toArray(String[]::new), null);
  }

  /**
   * Prepares sentences (tokenisation and label alignment) and, when bottom layers are frozen, runs
   * them once and caches their output: they never change, so re-running them every step would only
   * waste CPU (dropout is therefore off in frozen layers).
   */
  List<Example> prepareAll(List<TaggedSentence> data) {
    List<Example> out = new ArrayList<>(data.size());
    for (TaggedSentence s : data) {
      out.add(prepare(s));
    }
    if (config.freezeLayers() == 0) {
      return out;
    }
    int h = model.encoder().config().hidden();
    for (int[] batch : evalBatches(out, 32)) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        Tensors t = tensors(out, batch, false);
        NDArray x = model.encoder().embed(t.ids, false, 0f);
        float[] hid = model.encoder().layers(x, t.mask, 0, config.freezeLayers(), false, 0f).toFloatArray();
        for (int r = 0; r < batch.length; r++) {
          Example ex = out.get(batch[r]);
          int len = ex.ids().length;
          float[] f = new float[len * h];
          System.arraycopy(hid, r * t.seq * h, f, 0, len * h);
          out.set(batch[r], ex.withFrozen(f));
        }
      }
    }
    return out;
  }

  /** Batches of similar length, in length order (for inference only). */
  static List<int[]> evalBatches(List<Example> data, int bs) {
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(data.get(a).ids().length, data.get(b).ids().length));
    List<int[]> out = new ArrayList<>();
    for (int c = 0; c < order.length; c += bs) {
      int[] batch = new int[Math.min(bs, order.length - c)];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = order[c + i];
      }
      out.add(batch);
    }
    return out;
  }

  private NDArray logits(Tensors t, boolean training) {
    float drop = training ? config.dropout() : 0f;
    if (t.frozen != null) {
      return model.forwardFrom(t.frozen, config.freezeLayers(), t.mask, t.shapes, training, drop);
    }
    return model.forward(t.ids, t.mask, t.shapes, training, drop);
  }

  /** Deterministic epoch order: shuffle, sort by length inside chunks (less padding), shuffle batches. */
  static List<int[]> batches(List<Example> data, int batchSize, Random rng) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, rng);
    List<int[]> out = new ArrayList<>();
    int chunk = batchSize * 50;
    for (int c = 0; c < idx.size(); c += chunk) {
      List<Integer> part = new ArrayList<>(idx.subList(c, Math.min(idx.size(), c + chunk)));
      part.sort((a, b) -> Integer.compare(data.get(a).ids().length, data.get(b).ids().length));
      for (int b = 0; b < part.size(); b += batchSize) {
        out.add(part.subList(b, Math.min(part.size(), b + batchSize)).stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(out, rng);
    return out;
  }

  /** Learning rate at optimiser step {@code s} (0-based) of {@code total}. */
  static double learningRate(double peak, int s, int total, int warmup) {
    if (s < warmup) {
      return peak * (s + 1) / warmup;
    }
    return peak * Math.max(0.0, (double) (total - s) / Math.max(1, total - warmup));
  }

  /**
   * Trains with early stopping on {@code dev} entity F1 and leaves the best epoch's weights in the
   * model.
   *
   * @param dev may be empty: then every epoch runs and the last one is kept
   * @param listener receives per-step and per-epoch progress (e.g. to drive a progress bar)
   */
  public Result train(List<TaggedSentence> train, List<TaggedSentence> dev, Listener listener) {
    List<Example> tr = prepareAll(train);
    List<Example> dv = prepareAll(dev);
    Random rng = new Random(config.seed());
    int stepsPerEpoch = (tr.size() + config.batchSize() - 1) / config.batchSize();
    int total = stepsPerEpoch * config.maxEpochs();
    if (config.maxSteps() > 0) {
      total = Math.min(total, config.maxSteps());
    }
    int warmup = (int) Math.ceil(config.warmupFraction() * total);
    final int totalSteps = total;
    // The tracker sees each parameter's own update count (1-based), the same for all parameters.
    ParameterTracker schedule = (name, numUpdate) ->
        (float) learningRate(config.learningRate(), numUpdate - 1, totalSteps, warmup);
    adamDecay = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays((float) config.weightDecay())
        .optBeta1((float) BETA1).optBeta2((float) BETA2).optEpsilon((float) ADAM_EPS).setRescaleGrad(1f).build();
    adamNoDecay = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(0f)
        .optBeta1((float) BETA1).optBeta2((float) BETA2).optEpsilon((float) ADAM_EPS).setRescaleGrad(1f).build();
    List<EpochReport> reports = new ArrayList<>();
    Map<String, float[]> best = null;
    double bestF1 = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= config.maxEpochs() && step < total; epoch++) {
      long t0 = System.nanoTime();
      double lossSum = 0;
      int n = 0;
      List<int[]> order = batches(tr, config.batchSize(), rng);
      for (int[] batch : order) {
        if (step >= total) {
          break;
        }
        lossSum += trainStep(tr, batch);
        n++;
        step++;
        listener.onStep(epoch, step, total, lossSum / n);
      }
      double devF1 = Double.NaN;
      double devTok = Double.NaN;
      if (!dv.isEmpty()) {
        NerScores sc = evaluate(dv);
        devF1 = 100 * sc.f1();
        devTok = 100 * sc.tokenMicroF1();
      }
      EpochReport r = new EpochReport(epoch, lossSum / Math.max(1, n), devF1, devTok, n,
          (System.nanoTime() - t0) / 1e9);
      reports.add(r);
      listener.onMessage(String.format(java.util.Locale.ROOT,
          "epoch %d done: train loss %.4f, dev entity F1 %.2f, dev token micro-F1 %.2f (%.0f s)",
          epoch, r.trainLoss(), devF1, devTok, r.seconds()));
      double key = dv.isEmpty() ? epoch : devF1;
      if (key > bestF1) {
        bestF1 = key;
        bestEpoch = epoch;
        best = snapshot();
        sinceBest = 0;
        listener.onNewBest(epoch, devF1);
      } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
        listener.onMessage("early stopping: no dev improvement for " + sinceBest + " epochs");
        break;
      }
    }
    if (best != null) {
      restore(best);
    }
    return new Result(List.copyOf(reports), bestEpoch, dv.isEmpty() ? Double.NaN : bestF1, step);
  }

  private double trainStep(List<Example> data, int[] batch) {
    double loss;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Tensors t = tensors(data, batch, true);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray logits = logits(t, true);
        NDArray logp = logits.logSoftmax(-1);
        NDArray l = logp.mul(t.oneHot).sum().neg().div(Math.max(1, t.count));
        gc.backward(l);
        loss = l.getFloat();
      }
    }
    update();
    return loss;
  }

  /**
   * Global-norm clipping then AdamW (DJL's fused native update; biases, LayerNorms and the shape
   * embedding without weight decay). Runs outside the gradient collector and outside any NDScope,
   * because the optimiser creates its moment arrays lazily and they must outlive the step.
   */
  private void update() {
    Map<String, NDArray> params = model.trainable();
    Map<String, NDArray> grads = new LinkedHashMap<>();
    double sq = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray g = e.getValue().getGradient();
        NDScope.unregister(g);
        grads.put(e.getKey(), g);
        sq += g.square().sum().getFloat();
      }
    }
    double norm = Math.sqrt(sq);
    if (!Double.isFinite(norm)) {
      throw new IllegalStateException("Gradient norm is " + norm + " at step " + (step + 1)
          + "; lower the learning rate");
    }
    float clip = norm > config.clipNorm() ? (float) (config.clipNorm() / (norm + 1e-6)) : 1f;
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      String name = e.getKey();
      NDArray p = e.getValue();
      NDArray g = grads.get(name);
      if (clip != 1f) {
        g.muli(clip);
      }
      (TokenClassifier.noDecay(name) ? adamNoDecay : adamDecay).update(name, p, g);
      JniUtils.zeroGrad((PtNDArray) p); // PyTorch accumulates gradients; reset for the next step
      g.close();
    }
  }

  private record Tensors(NDArray ids, NDArray mask, NDArray shapes, @Nullable NDArray oneHot, int count, int seq,
      @Nullable NDArray frozen) {}

  private Tensors tensors(List<Example> data, int[] batch, boolean withLabels) {
    int seq = 0;
    for (int i : batch) {
      seq = Math.max(seq, data.get(i).ids().length);
    }
    int b = batch.length;
    long[] ids = new long[b * seq];
    long[] mask = new long[b * seq];
    long[] shapes = new long[b * seq];
    float[] oneHot = withLabels ? new float[b * seq * labels.size()] : null;
    int count = 0;
    for (int r = 0; r < b; r++) {
      Example ex = data.get(batch[r]);
      for (int j = 0; j < ex.ids().length; j++) {
        ids[r * seq + j] = ex.ids()[j];
        mask[r * seq + j] = 1;
        shapes[r * seq + j] = ex.shapes()[j];
        if (withLabels && ex.labels()[j] != IGNORE) {
          oneHot[(r * seq + j) * labels.size() + ex.labels()[j]] = 1f;
          count++;
        }
      }
    }
    NDArray oh = withLabels ? manager.create(oneHot, new Shape(b, seq, labels.size())) : null;
    NDArray frozen = null;
    if (data.get(batch[0]).frozen() != null) {
      int h = model.encoder().config().hidden();
      float[] hid = new float[b * seq * h];
      for (int r = 0; r < b; r++) {
        float[] f = data.get(batch[r]).frozen();
        System.arraycopy(f, 0, hid, r * seq * h, f.length);
      }
      frozen = manager.create(hid, new Shape(b, seq, h));
    }
    return new Tensors(manager.create(ids, new Shape(b, seq)), manager.create(mask, new Shape(b, seq)),
        manager.create(shapes, new Shape(b, seq)), oh, count, seq, frozen);
  }

  /** Word-level label log-probabilities of each sentence (rows of words without pieces are all 0 = "O"). */
  List<float[][]> wordLogProbs(List<Example> data) {
    List<float[][]> out = new ArrayList<>(Collections.nCopies(data.size(), null));
    int nl = labels.size();
    for (int[] batch : evalBatches(data, 32)) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        Tensors t = tensors(data, batch, false);
        float[] lp = logits(t, false).logSoftmax(-1).toFloatArray();
        for (int r = 0; r < batch.length; r++) {
          Example ex = data.get(batch[r]);
          float[][] words = new float[ex.firstPiece().length][nl];
          for (int w = 0; w < words.length; w++) {
            int pos = ex.firstPiece()[w];
            if (pos < 0) {
              Arrays.fill(words[w], -30f);
              words[w][0] = 0f; // no pieces: certainly O
            } else {
              System.arraycopy(lp, (r * t.seq + pos) * nl, words[w], 0, nl);
            }
          }
          out.set(batch[r], words);
        }
      }
    }
    return out;
  }

  /** Predicted tags per sentence with BIO-constrained Viterbi decoding. */
  List<String[]> predictTags(List<Example> data) {
    List<String[]> out = new ArrayList<>();
    for (float[][] lp : wordLogProbs(data)) {
      int[] path = decoder.viterbi(lp);
      String[] tags = new String[path.length];
      for (int i = 0; i < path.length; i++) {
        tags[i] = labels.get(path[i]);
      }
      out.add(tags);
    }
    return out;
  }

  NerScores evaluate(List<Example> data) {
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    for (Example e : data) {
      gold.add(List.of(e.gold()));
    }
    for (String[] p : predictTags(data)) {
      pred.add(List.of(p));
    }
    return NerMetrics.evaluate(gold, pred);
  }

  /**
   * Scores sentences with the current DJL weights (conlleval entity scores and token micro-F1 from
   * eval's {@link NerMetrics}); after {@link NerBundleExporter#export} these are the served weights.
   */
  public NerScores score(List<TaggedSentence> data) {
    return evaluate(prepareAll(data));
  }

  /** Copies of the trainable parameters. */
  Map<String, float[]> snapshot() {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : model.trainable().entrySet()) {
      m.put(e.getKey(), e.getValue().toFloatArray());
    }
    return m;
  }

  /** Overwrites parameters (encoder or head) with the given values, keeping shapes. */
  void restore(Map<String, float[]> values) {
    Map<String, NDArray> all = new HashMap<>(model.encoder().parameters());
    all.putAll(model.head());
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      NDArray p = all.get(e.getKey());
      if (p == null) {
        throw new IllegalArgumentException("No parameter " + e.getKey());
      }
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray src = manager.create(e.getValue(), p.getShape());
        p.subi(p).addi(src);
      }
    }
  }

  @Override
  public void close() {
    model.close();
    manager.close();
    pieces.close();
  }

  BaseEncoder base() {
    return base;
  }

  /** Values of the trainable parameters before training. */
  Map<String, float[]> baseValues() {
    return baseValues;
  }
}
