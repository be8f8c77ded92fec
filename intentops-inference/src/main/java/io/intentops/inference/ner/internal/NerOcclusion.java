package io.intentops.inference.ner.internal;

import io.intentops.core.Entity;
import io.intentops.core.InvalidInputException;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.explain.EntityExplanation;
import io.intentops.inference.explain.WordSupport;
import io.intentops.inference.ner.NerPredictor.WordAggregation;
import java.util.ArrayList;
import java.util.List;

/**
 * Leave-one-word-out occlusion for NER: the text without each word in turn is windowed like a normal
 * request, the windows of all variants go into one scorer run, and each entity's mean type probability over
 * its words is compared with the full text's. Stateless.
 */
final class NerOcclusion {
  private NerOcclusion() {}

  /** The per-word probabilities of each variant ({@code variants[v]} is the text without word {@code v}). */
  static float[][][] scoreWithout(Windowing.Words words, TextTokenizer tokenizer, TokenScorer scorer, int maxPieces,
      boolean firstPiecesOnly, int oIndex, WordAggregation aggregation, int maxWords) {
    int n = words.words().size();
    if (n > maxWords) {
      throw new InvalidInputException(InvalidInputException.Reason.TOO_LONG, "Text has " + n
          + " words; explanations are limited to " + maxWords + " words (ExplainConfig.maxWords)");
    }
    List<Windowing.Plan> plans = new ArrayList<>(n);
    List<TextTokenizer.WordPieces> encs = new ArrayList<>(n);
    int windows = 0;
    int queries = 0;
    for (int v = 0; v < n; v++) {
      List<String> without = new ArrayList<>(words.words());
      without.remove(v);
      TextTokenizer.WordPieces enc = tokenizer.encodeWords(without);
      Windowing.Plan plan = Windowing.plan(without, enc, maxPieces, tokenizer.clsId(), tokenizer.sepId(),
          firstPiecesOnly);
      plans.add(plan);
      encs.add(enc);
      windows += plan.windowIds().length;
      queries += plan.qWindow().length;
    }
    // One scorer run over the windows of every variant; queries point at their variant's windows.
    long[][] allWindows = new long[windows][];
    int[] qWindow = new int[queries];
    int[] qPos = new int[queries];
    int[] qShape = new int[queries];
    int w0 = 0;
    int q0 = 0;
    for (Windowing.Plan p : plans) {
      System.arraycopy(p.windowIds(), 0, allWindows, w0, p.windowIds().length);
      for (int q = 0; q < p.qWindow().length; q++) {
        qWindow[q0 + q] = p.qWindow()[q] + w0;
        qPos[q0 + q] = p.qPos()[q];
        qShape[q0 + q] = p.qShape()[q];
      }
      w0 += p.windowIds().length;
      q0 += p.qWindow().length;
    }
    float[][] logits = windows == 0 ? new float[0][] : scorer.logits(allWindows, qWindow, qPos, qShape);
    float[][][] out = new float[n][][];
    q0 = 0;
    for (int v = 0; v < n; v++) {
      Windowing.Plan p = plans.get(v);
      int nq = p.qWindow().length;
      float[][] part = new float[nq][];
      System.arraycopy(logits, q0, part, 0, nq);
      q0 += nq;
      out[v] = NerDecoding.wordProbabilities(part, p.queryPiece(), encs.get(v).pieceWord(), n - 1,
          scorer.labels.size(), oIndex, aggregation);
    }
    return out;
  }

  /** The explanation of {@code e} from the full text's word probabilities and those of each variant. */
  static EntityExplanation explain(Entity e, Windowing.Words words, float[][] full, float[][][] without,
      List<String> labels) {
    int n = words.words().size();
    boolean[] inEntity = new boolean[n];
    boolean[] typeLabel = new boolean[labels.size()];
    for (int l = 0; l < labels.size(); l++) {
      String lab = labels.get(l);
      int dash = lab.indexOf('-');
      typeLabel[l] = dash > 0 && lab.substring(dash + 1).equals(e.type());
    }
    for (int i = 0; i < n; i++) {
      inEntity[i] = words.starts()[i] < e.end() && words.ends()[i] > e.start();
    }
    double base = typeProbability(full, inEntity, -1, typeLabel);
    List<WordSupport> context = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      if (inEntity[v]) {
        continue;
      }
      double p = typeProbability(without[v], inEntity, v, typeLabel);
      context.add(new WordSupport(words.words().get(v), words.starts()[v], words.ends()[v], base - p));
    }
    return new EntityExplanation(e, base, context);
  }

  /** Mean type probability over the entity's words; in a variant without word {@code removed}, later words moved up by one. */
  private static double typeProbability(float[][] probs, boolean[] inEntity, int removed, boolean[] typeLabel) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < inEntity.length; i++) {
      if (!inEntity[i] || i == removed) {
        continue;
      }
      float[] row = probs[removed >= 0 && i > removed ? i - 1 : i];
      for (int l = 0; l < row.length; l++) {
        if (typeLabel[l]) {
          sum += row[l];
        }
      }
      count++;
    }
    return count == 0 ? 0.0 : sum / count;
  }
}
