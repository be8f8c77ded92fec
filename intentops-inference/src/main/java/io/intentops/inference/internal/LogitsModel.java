package io.intentops.inference.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Text to logits (and, for kNN OOS, the raw embedding). Thread-safe; closed by the predictor under its lock. */
interface LogitsModel extends AutoCloseable {

  /**
   * Scores for one batch.
   *
   * @param logits {@code [batch][classes]} uncalibrated logits
   * @param embeddings {@code [batch][dim]} raw pooled embeddings, or null when the model has none
   * @param truncated per text, whether it was cut to the token limit
   */
  record Output(double[][] logits, float @Nullable [][] embeddings, boolean[] truncated) {}

  /** Runs one batch (one or more ORT runs per encoder, each of at most {@link #maxRun()} texts when planned). */
  Output forward(List<String> texts);

  /**
   * How many texts one {@link #forward} call should get at most when the caller has more (the
   * predictor's {@code predictBatch} chunking), given the predictor's largest ORT run {@code maxRun}.
   * Default: {@code maxRun}, for models that run a call as one ORT run.
   */
  default int textsPerForward(int maxRun) {
    return maxRun;
  }

  /**
   * Runs one batch, with {@code queueDepth} requests waiting behind it (reported on the
   * {@code inference_forward} observation); default: {@link #forward(List)}.
   */
  default Output forward(List<String> texts, int queueDepth) {
    return forward(texts);
  }

  /**
   * Scores perturbations of one text in one ORT run per encoder: row {@code v} of the output is the text
   * with only the tokens of the words {@code w} with {@code keep[v][w]} (plus special tokens).
   *
   * @param words {@code [start, end)} UTF-16 spans of the words, in order
   */
  Output forwardVariants(String text, List<int[]> words, boolean[][] keep);

  @Override
  void close();
}
