package io.intentops.inference.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.intentops.core.Clock;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentOpsException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.explain.WordAttribution;
import io.intentops.inference.explain.Words;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.head.OosScorer;
import io.intentops.inference.observation.InferenceStage;
import io.intentops.inference.observation.internal.StageObserver;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The intent predictor: logits model, temperature softmax, top-k, OOS scorer, optional cache and
 * micro-batcher. Thread-safe; a read-write lock keeps {@link #close()} from freeing native resources
 * while a batch is running.
 */
final class DefaultIntentPredictor implements IntentPredictor {
  private static final Pattern WS = Pattern.compile("\\s+");

  /** Out-of-scope scoring as configured by the manifest: an input is out of scope when its score reaches the threshold. */
  record Oos(OosScorer scorer, double threshold) {}

  private record Key(ModelVersion version, String text) {}

  private final ModelManifest manifest;
  private final LogitsModel model;
  private final String[] labels;
  private final double temperature;
  private final @Nullable Oos oos;
  private final InputLimits limits;
  private final Clock clock;
  private final int topK;
  private final int maxBatch;
  private final @Nullable Cache<Key, IntentPrediction> cache;
  private final @Nullable MicroBatcher<IntentPrediction> batcher;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final StageObserver stages;
  private final @Nullable BiConsumer<? super IntentPrediction, float[]> pooledFeatures; // see Builder.pooledFeatures

  DefaultIntentPredictor(ModelManifest manifest, LogitsModel model, @Nullable Oos oos, InputLimits limits,
      IntentPredictors.Options o) {
    this(manifest, model, oos, limits, o, StageObserver.NONE);
  }

  DefaultIntentPredictor(ModelManifest manifest, LogitsModel model, @Nullable Oos oos, InputLimits limits,
      IntentPredictors.Options o, StageObserver stages) {
    this.stages = stages;
    this.pooledFeatures = o.pooledFeatures();
    this.manifest = manifest;
    this.model = model;
    this.labels = manifest.labels().toArray(String[]::new);
    this.temperature = manifest.temperature();
    this.oos = oos;
    this.limits = limits;
    this.clock = o.clock();
    this.topK = Math.min(o.topK(), labels.length);
    this.maxBatch = o.maxBatch();
    this.cache = o.cacheEntries() > 0 ? Caffeine.newBuilder().maximumSize(o.cacheEntries()).build() : null;
    this.batcher = o.microBatch() > 0
        ? new MicroBatcher<>(o.microBatch(), o.microWait(), o.microBatchLanes(), this::runChunk, manifest.name())
        : null;
  }

  @Override
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public ModelVersion version() {
    return manifest.version();
  }

  @Override
  public IntentPrediction predict(String text) {
    limits.validate(text);
    ensureOpen();
    long start = clock.nanoTime();
    Key key = cache == null ? null : new Key(manifest.version(), normalise(text));
    if (key != null) {
      IntentPrediction hit = cache.getIfPresent(key);
      if (hit != null) {
        return withLatency(hit, clock.nanoTime() - start);
      }
    }
    IntentPrediction p;
    if (batcher != null) {
      p = await(batcher.submit(text));
    } else {
      p = runChunk(List.of(text)).get(0);
    }
    if (key != null) {
      cache.put(key, p);
    }
    return p;
  }

  @Override
  public List<IntentPrediction> predictBatch(List<? extends String> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      try {
        limits.validate(inputs.get(i));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.reason(), "Batch item " + i + ": " + e.getMessage());
      }
    }
    ensureOpen();
    long start = clock.nanoTime();
    IntentPrediction[] out = new IntentPrediction[inputs.size()];
    List<Integer> missing = new ArrayList<>();
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      Key key = cache == null ? null : new Key(manifest.version(), normalise(inputs.get(i)));
      keys.add(key);
      IntentPrediction hit = key == null ? null : cache.getIfPresent(key);
      if (hit != null) {
        out[i] = withLatency(hit, clock.nanoTime() - start);
      } else {
        missing.add(i);
      }
    }
    // Length-sorted chunks: each run is padded to its longest text, so similar lengths waste less.
    missing.sort(java.util.Comparator.comparingInt((Integer i) -> inputs.get(i).length()).thenComparingInt(i -> i));
    // The model plans its runs (of at most maxBatch texts) over each chunk it is given.
    int chunk = model.textsPerForward(maxBatch);
    for (int s = 0; s < missing.size(); s += chunk) {
      List<Integer> idx = missing.subList(s, Math.min(missing.size(), s + chunk));
      List<String> texts = new ArrayList<>(idx.size());
      for (int i : idx) {
        texts.add(inputs.get(i));
      }
      List<IntentPrediction> preds = runChunk(texts);
      for (int j = 0; j < idx.size(); j++) {
        out[idx.get(j)] = preds.get(j);
        Key key = keys.get(idx.get(j));
        if (key != null) {
          cache.put(key, preds.get(j));
        }
      }
    }
    return Arrays.asList(out);
  }

  @Override
  public Explanation explain(String text, ExplainConfig config) {
    limits.validate(text);
    Objects.requireNonNull(config, "config");
    List<int[]> words = Words.split(text);
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      ensureOpen();
      long t0 = clock.nanoTime();
      WordExplainer.Result r = WordExplainer.explain(text, words, config, model, this::scores);
      LogitsModel.Output out = r.output();
      IntentPrediction full = toPrediction(out.logits()[0], scores(out, 0).oos(), out.truncated()[0],
          Duration.ofNanos(clock.nanoTime() - t0));
      List<WordAttribution> attributions = new ArrayList<>(words.size());
      for (int w = 0; w < words.size(); w++) {
        int[] span = words.get(w);
        attributions.add(new WordAttribution(text.substring(span[0], span[1]), span[0], span[1], r.intent()[w],
            oos == null ? 0.0 : r.oos()[w]));
      }
      return new Explanation(text, full, labels[r.target()], config.method(), attributions, r.rows());
    } finally {
      lock.unlock();
    }
  }

  private WordExplainer.Scores scores(LogitsModel.Output out, int i) {
    double[] logits = out.logits()[i];
    if (logits.length != labels.length) {
      throw new InferenceException("Model produced " + logits.length + " logits for " + labels.length + " labels");
    }
    float[][] embeddings = out.embeddings();
    double s = oos == null ? 0.0 : oos.scorer().score(embeddings == null ? null : embeddings[i], logits);
    if (!Double.isFinite(s)) {
      throw new InferenceException("Model " + manifest.name() + " produced a non-finite OOS score");
    }
    return new WordExplainer.Scores(IntentHead.softmax(logits, temperature), s);
  }

  /** One model run over already validated texts. */
  private List<IntentPrediction> runChunk(List<String> texts) {
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      ensureOpen();
      long t0 = clock.nanoTime();
      LogitsModel.Output out = batcher == null ? model.forward(texts) : model.forward(texts, batcher.queued());
      Duration[] latency = new Duration[1];
      int n = texts.size();
      // Two loops (scores, then probabilities) so each stage is one observation.
      double[] oosScores = oos == null ? new double[n] : stages.observe(InferenceStage.OOS_SCORING, n, () -> {
        return oos.scorer().scores(out.embeddings(), out.logits());
      });
      List<IntentPrediction> preds = stages.observe(InferenceStage.CALIBRATION, n, () -> {
        List<IntentPrediction> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(toPrediction(out.logits()[i], oosScores[i], out.truncated()[i], Duration.ZERO));
        }
        return list;
      });
      latency[0] = Duration.ofNanos(clock.nanoTime() - t0);
      preds.replaceAll(p -> withLatency(p, latency[0].toNanos()));
      handPooledFeatures(preds, out.embeddings());
      return preds;
    } finally {
      lock.unlock();
    }
  }

  /** The pooled-feature hook (capture's embedding tap); never fails the request. */
  private void handPooledFeatures(List<IntentPrediction> preds, float @Nullable [][] features) {
    if (pooledFeatures == null || features == null) {
      return;
    }
    try {
      for (int i = 0; i < preds.size(); i++) {
        pooledFeatures.accept(preds.get(i), features[i]);
      }
    } catch (RuntimeException e) {
      // A monitoring hook must not turn a served answer into an error.
    }
  }

  private IntentPrediction toPrediction(double[] logits, double oosScore, boolean truncated, Duration latency) {
    for (double l : logits) {
      if (!Double.isFinite(l)) {
        throw new InferenceException("Model " + manifest.name() + " produced a non-finite logit");
      }
    }
    if (logits.length != labels.length) {
      throw new InferenceException("Model produced " + logits.length + " logits for " + labels.length + " labels");
    }
    double[] p = IntentHead.softmax(logits, temperature);
    int[] order = topIndices(p, topK);
    List<ScoredLabel> top = new ArrayList<>(topK);
    for (int i = 0; i < topK; i++) {
      top.add(new ScoredLabel(labels[order[i]], clamp(p[order[i]])));
    }
    boolean out = oos != null && oosScore >= oos.threshold();
    if (Double.isNaN(oosScore)) {
      throw new InferenceException("OOS score is NaN");
    }
    return new IntentPrediction(top.get(0).label(), top.get(0).score(), top, out, oosScore, manifest.version(),
        latency, truncated);
  }

  /**
   * Indices of the {@code k} largest values, largest first, ties by lower index: the first {@code k}
   * of a stable descending sort. Why not a sort: {@code k} passes over 77 values, without the boxed
   * index array and comparator a sort of every label costs.
   */
  static int[] topIndices(double[] p, int k) {
    int[] order = new int[k];
    boolean[] taken = new boolean[p.length];
    for (int i = 0; i < k; i++) {
      int best = -1;
      for (int j = 0; j < p.length; j++) {
        if (!taken[j] && (best < 0 || Double.compare(p[j], p[best]) > 0)) {
          best = j;
        }
      }
      taken[best] = true;
      order[i] = best;
    }
    return order;
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }

  private static IntentPrediction withLatency(IntentPrediction p, long nanos) {
    return new IntentPrediction(p.label(), p.score(), p.topK(), p.outOfScope(), p.oosScore(), p.modelVersion(),
        Duration.ofNanos(Math.max(0, nanos)), p.truncated());
  }

  /** Cache key normalisation: NFC, trimmed, whitespace runs collapsed (the encoders' tokenizers ignore these). */
  static String normalise(String text) {
    return WS.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).strip()).replaceAll(" ");
  }

  private static IntentPrediction await(java.util.concurrent.CompletableFuture<IntentPrediction> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("Interrupted while waiting for a micro-batch", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof IntentOpsException ie) {
        throw ie;
      }
      throw new InferenceException("Micro-batch failed: " + c, c);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new InferenceException("IntentPredictor '" + manifest.name() + "' " + manifest.version() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (batcher != null) {
      batcher.close();
    }
    lifecycle.writeLock().lock(); // waits for running batches
    try {
      model.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "IntentPredictor[" + manifest.name() + " " + manifest.version() + "]";
  }
}
