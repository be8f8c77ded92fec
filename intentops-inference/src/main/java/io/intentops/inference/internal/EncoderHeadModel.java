package io.intentops.inference.internal;

import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.inference.encoder.TokenizedText;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.observation.InferenceStage;
import io.intentops.inference.observation.internal.StageObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Frozen sentence encoder(s) followed by standardisation and a linear layer. Several encoders are
 * concatenated in order (their pooled vectors side by side); the head is {@link IntentHead}. Thread-safe.
 */
final class EncoderHeadModel implements LogitsModel {
  private final List<SentenceEncoder> encoders;
  private final IntentHead head;
  private final StageObserver stages;
  private final int maxRun;

  /**
   * Texts one forward call takes at most from {@code predictBatch}: it plans its own runs of at most
   * {@code maxRun} texts over all of them, so the bigger the call the better the length groups (a
   * whole dataset sorted by token count wastes ~0.5 % of its positions on padding, 64-text chunks sorted
   * by characters and planned one by one ~4.5 %); bounded so that one call's features stay small.
   */
  static final int TEXTS_PER_FORWARD = 4096;

  EncoderHeadModel(List<SentenceEncoder> encoders, IntentHead head) {
    this(encoders, head, StageObserver.NONE, LengthGroups.MAX_GROUP);
  }

  EncoderHeadModel(List<SentenceEncoder> encoders, IntentHead head, StageObserver stages) {
    this(encoders, head, stages, LengthGroups.MAX_GROUP);
  }

  /** @param maxRun most texts per ORT run */
  EncoderHeadModel(List<SentenceEncoder> encoders, IntentHead head, StageObserver stages, int maxRun) {
    this.stages = stages;
    this.maxRun = maxRun;
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
    return forward(texts, 0);
  }

  @Override
  public Output forward(List<String> texts, int queueDepth) {
    int b = texts.size();
    boolean[] truncated = new boolean[b];
    // Tokenise for every encoder first, then run them, so preprocess and forward are one observation each.
    List<TokenizedText[]> tokenized = stages.observe(InferenceStage.PREPROCESS, b, () -> {
      List<TokenizedText[]> all = new ArrayList<>(encoders.size());
      for (SentenceEncoder e : encoders) {
        TokenizedText[] items = new TokenizedText[b];
        for (int i = 0; i < b; i++) {
          items[i] = e.tokenizer().encodeIds(texts.get(i)); // a prediction reads only ids and the truncation flag
          truncated[i] |= items[i].truncated();
        }
        all.add(items);
      }
      return all;
    });
    return stages.observe(InferenceStage.INFERENCE_FORWARD, b, queueDepth, () -> {
      float[][] features = new float[b][head.dim()];
      int off = 0;
      for (int n = 0; n < encoders.size(); n++) {
        SentenceEncoder e = encoders.get(n);
        TokenizedText[] items = tokenized.get(n);
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
          lengths[i] = items[i].length();
        }
        // Texts of a micro-batch have unrelated lengths; length groups spend less of the run on padding.
        for (int[] group : LengthGroups.plan(lengths, LengthGroups.DEFAULT_RUN_COST, maxRun)) {
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
        logits[i] = head.logits(features[i]);
      }
      return new Output(logits, features, truncated);
    });
  }

  @Override
  public int textsPerForward(int maxRun) {
    return Math.max(maxRun, TEXTS_PER_FORWARD);
  }

  @Override
  public Output forwardVariants(String text, List<int[]> words, boolean[][] keep) {
    int b = keep.length;
    float[][] features = new float[b][head.dim()];
    boolean[] truncated = new boolean[b];
    int off = 0;
    for (SentenceEncoder e : encoders) {
      TokenizedText full = e.tokenizer().encode(text);
      int[] tokenWord = WordMasks.tokenWords(full, words);
      List<TokenizedText> variants = new ArrayList<>(b);
      for (boolean[] k : keep) {
        variants.add(WordMasks.keep(full, tokenWord, k));
      }
      // One run for all variants: they differ by a few tokens, so padding costs little.
      float[][] v = e.embed(TokenBatch.of(variants));
      for (int i = 0; i < b; i++) {
        System.arraycopy(v[i], 0, features[i], off, v[i].length);
        truncated[i] |= full.truncated();
      }
      off += e.dimension();
    }
    double[][] logits = new double[b][];
    for (int i = 0; i < b; i++) {
      logits[i] = head.logits(features[i]);
    }
    return new Output(logits, features, truncated);
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
