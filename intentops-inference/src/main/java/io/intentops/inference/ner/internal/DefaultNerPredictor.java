package io.intentops.inference.ner.internal;

import io.intentops.core.Clock;
import io.intentops.core.Entity;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.explain.EntityExplanation;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.NerExplanation;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.inference.spi.BioDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The NER predictor: words and windows ({@link Windowing}), the model ({@link TokenScorer}), word
 * probabilities and entities ({@link NerDecoding}). Thread-safe; a read-write lock keeps
 * {@link #close()} from freeing native resources while a call is running.
 */
final class DefaultNerPredictor implements NerPredictor {
  private final TokenScorer scorer;
  private final TextTokenizer tokenizer;
  private final BioDecoder decoder;
  private final InputLimits limits;
  private final ModelVersion version;
  private final @Nullable ModelManifest manifest;
  private final double oLogBias;
  private final WordAggregation aggregation;
  private final Decoding decoding;
  private final Clock clock;
  private final int oIndex;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Why: freeing the ORT session or the native tokenizer while a call uses them crashes the JVM
  // (SIGSEGV in OrtSession.run, found by intentops-reliability's CloseWhileInFlightTest); calls hold
  // the read lock, close() takes the write lock and so waits for running calls.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  DefaultNerPredictor(TokenScorer scorer, TextTokenizer tokenizer, ModelVersion version,
      @Nullable ModelManifest manifest, double oLogBias, NerPredictors.Options o) {
    this.scorer = scorer;
    this.tokenizer = tokenizer;
    this.decoder = new BioDecoder(scorer.labels);
    this.limits = o.limits();
    this.version = version;
    this.manifest = manifest;
    this.oLogBias = oLogBias;
    this.aggregation = o.aggregation();
    this.decoding = o.decoding();
    this.clock = o.clock();
    this.oIndex = scorer.labels.indexOf("O");
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public @Nullable ModelManifest manifest() {
    return manifest;
  }

  @Override
  public List<String> labels() {
    return scorer.labels;
  }

  @Override
  public double oLogBias() {
    return oLogBias;
  }

  @Override
  public NerResult predict(String text) {
    long t0 = clock.nanoTime();
    limits.validate(text);
    WordScores ws = scoreWords(text);
    List<Entity> entities = entities(text, ws, oLogBias);
    return new NerResult(entities, version, Duration.ofNanos(clock.nanoTime() - t0), ws.truncated());
  }

  @Override
  public WordScores scoreWords(String text) {
    if (closed.get()) {
      throw new InferenceException("NerPredictor is closed");
    }
    limits.validate(text);
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed.get()) {
        throw new InferenceException("NerPredictor is closed");
      }
      return scoreWordsOpen(text);
    } finally {
      lock.unlock();
    }
  }

  /** {@link #scoreWords} under the read lock of an open predictor. */
  private WordScores scoreWordsOpen(String text) {
    Windowing.Words words = Windowing.Words.of(text);
    int nw = words.words().size();
    if (nw == 0) {
      return new WordScores(words.words(), words.starts(), words.ends(), new float[0][], false);
    }
    TextTokenizer.WordPieces enc = tokenizer.encodeWords(words.words());
    Windowing.Plan plan = Windowing.plan(words.words(), enc, limits.maxTokens() - 2, tokenizer.clsId(),
        tokenizer.sepId(), aggregation == WordAggregation.FIRST);
    float[][] logits = scorer.logits(plan.windowIds(), plan.qWindow(), plan.qPos(), plan.qShape());
    float[][] probs = NerDecoding.wordProbabilities(logits, plan.queryPiece(), enc.pieceWord(), nw,
        scorer.labels.size(), oIndex, aggregation);
    return new WordScores(words.words(), words.starts(), words.ends(), probs, plan.truncated());
  }

  @Override
  public NerExplanation explain(String text, ExplainConfig config) {
    long t0 = clock.nanoTime();
    limits.validate(text);
    java.util.Objects.requireNonNull(config, "config");
    if (config.method() != io.intentops.inference.explain.ExplanationMethod.OCCLUSION) {
      throw new io.intentops.core.ConfigurationException("NER explanations support only OCCLUSION, got " + config.method());
    }
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed.get()) {
        throw new InferenceException("NerPredictor is closed");
      }
      WordScores full = scoreWordsOpen(text);
      List<Entity> found = entities(text, full, oLogBias);
      NerResult result = new NerResult(found, version, Duration.ofNanos(clock.nanoTime() - t0), full.truncated());
      Windowing.Words words = Windowing.Words.of(text);
      int n = words.words().size();
      if (n == 0) {
        throw new io.intentops.core.InvalidInputException(io.intentops.core.InvalidInputException.Reason.BLANK,
            "Text has no words to explain");
      }
      float[][][] without = NerOcclusion.scoreWithout(words, tokenizer, scorer, limits.maxTokens() - 2,
          aggregation == WordAggregation.FIRST, oIndex, aggregation, config.maxWords());
      List<EntityExplanation> out = new java.util.ArrayList<>(found.size());
      for (Entity e : found) {
        out.add(NerOcclusion.explain(e, words, full.probabilities(), without, scorer.labels));
      }
      return new NerExplanation(text, result, out, n + 1);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Entity> entities(String text, WordScores scores, double oLogBias) {
    return NerDecoding.entities(text, scores, oLogBias, decoder, decoding);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      lifecycle.writeLock().lock(); // waits for running calls
      try {
        scorer.close();
        tokenizer.close();
      } finally {
        lifecycle.writeLock().unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "NerPredictor[" + (manifest == null ? "huggingface" : manifest.name()) + " " + version + "]";
  }
}
