package io.intentops.inference.ner.internal;

import io.intentops.core.Entity;
import io.intentops.inference.internal.Softmax;
import io.intentops.inference.ner.NerPredictor.Decoding;
import io.intentops.inference.ner.NerPredictor.WordAggregation;
import io.intentops.inference.ner.NerPredictor.WordScores;
import io.intentops.inference.spi.BioDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding of NER scores: piece logits to word probabilities, then BIO decoding of the words to
 * entities with character offsets and scores. Stateless and thread-safe.
 */
final class NerDecoding {
  private NerDecoding() {}

  /**
   * Label probabilities per word from the logits of its scored pieces: softmax per piece, then the
   * word's pieces combined by {@code aggregation} and renormalised. A word none of whose pieces was
   * scored (it produced no piece) gets certain {@code O}.
   *
   * @param logits per query, one logit per label
   * @param queryPiece piece index of each query
   * @param pieceWord word index of each piece
   * @param oIndex index of {@code O} among the labels (-1 when absent: label 0 is used)
   */
  static float[][] wordProbabilities(float[][] logits, int[] queryPiece, int[] pieceWord, int words, int labels,
      int oIndex, WordAggregation aggregation) {
    float[][] sum = new float[words][];
    for (int k = 0; k < queryPiece.length; k++) {
      int word = pieceWord[queryPiece[k]];
      float[] pr = Softmax.of(logits[k]);
      if (sum[word] == null) {
        sum[word] = pr;
      } else if (aggregation == WordAggregation.MAX) {
        for (int l = 0; l < labels; l++) {
          sum[word][l] = Math.max(sum[word][l], pr[l]);
        }
      } else {
        for (int l = 0; l < labels; l++) {
          sum[word][l] += pr[l];
        }
      }
    }
    float[][] probs = new float[words][];
    for (int w = 0; w < words; w++) {
      if (sum[w] == null) {
        probs[w] = new float[labels];
        probs[w][Math.max(0, oIndex)] = 1f; // no word pieces (e.g. only zero-width characters): O
        continue;
      }
      float total = 0;
      for (float v : sum[w]) {
        total += v;
      }
      float[] pr = new float[labels];
      for (int l = 0; l < labels; l++) {
        pr[l] = sum[w][l] / total;
      }
      probs[w] = pr;
    }
    return probs;
  }

  /**
   * Entities of {@code text} from its word scores: log-probabilities with {@code oLogBias} subtracted
   * from {@code O}, tags by {@code decoding}, conlleval spans, offsets from the words' offsets and the
   * mean tag probability of a span's words as its score (clamped to [0, 1]).
   */
  static List<Entity> entities(String text, WordScores ws, double oLogBias, BioDecoder decoder, Decoding decoding) {
    int nw = ws.words().size();
    if (nw == 0) {
      return List.of();
    }
    int oIndex = decoder.labels().indexOf("O");
    float[][] lp = new float[nw][];
    for (int w = 0; w < nw; w++) {
      lp[w] = new float[ws.probabilities()[w].length];
      for (int l = 0; l < lp[w].length; l++) {
        lp[w][l] = (float) Math.log(Math.max(ws.probabilities()[w][l], 1e-30f));
      }
      if (oIndex >= 0) {
        lp[w][oIndex] -= (float) oLogBias;
      }
    }
    int[] tags = decoding == Decoding.VITERBI ? decoder.viterbi(lp) : BioDecoder.argmax(lp);
    List<Entity> out = new ArrayList<>();
    for (BioDecoder.Span s : decoder.spans(tags)) {
      int start = ws.starts()[s.start()];
      int end = ws.ends()[s.end() - 1];
      double score = 0;
      for (int w = s.start(); w < s.end(); w++) {
        score += ws.probabilities()[w][tags[w]];
      }
      score = Math.min(1.0, Math.max(0.0, score / (s.end() - s.start())));
      out.add(new Entity(s.type(), start, end, text.substring(start, end), score));
    }
    return out;
  }
}
