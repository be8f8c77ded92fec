package io.intentops.inference.internal;

import io.intentops.core.InvalidInputException;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.ExplanationMethod;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Word attributions by perturbation: builds the keep-masks of the configured method, has the model score
 * all of them in one call ({@link LogitsModel#forwardVariants}) and turns the scores into attributions.
 * Stateless; thread-safe.
 */
final class WordExplainer {
  /** Scores of one model output row: calibrated probabilities and the OOS score. */
  record Scores(double[] probabilities, double oos) {}

  /** Turns row {@code i} of a model output into scores. */
  interface Scorer {
    Scores score(LogitsModel.Output out, int i);
  }

  /**
   * Attributions of one text. Row 0 of {@code output} is always the full text.
   *
   * @param target index of the explained label: the full text's most probable one
   */
  record Result(LogitsModel.Output output, int target, double[] intent, double[] oos, int rows) {}

  private WordExplainer() {}

  static Result explain(String text, List<int[]> words, ExplainConfig config, LogitsModel model, Scorer scorer) {
    int n = words.size();
    if (n == 0) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "Text has no words to explain");
    }
    if (n > config.maxWords()) {
      throw new InvalidInputException(InvalidInputException.Reason.TOO_LONG, "Text has " + n
          + " words; explanations are limited to " + config.maxWords() + " words (ExplainConfig.maxWords)");
    }
    return config.method() == ExplanationMethod.OCCLUSION
        ? occlusion(text, words, model, scorer)
        : shapley(text, words, config, model, scorer);
  }

  private static Result occlusion(String text, List<int[]> words, LogitsModel model, Scorer scorer) {
    int n = words.size();
    boolean[][] keep = new boolean[n + 1][n];
    for (int v = 0; v <= n; v++) {
      java.util.Arrays.fill(keep[v], true);
      if (v > 0) {
        keep[v][v - 1] = false;
      }
    }
    LogitsModel.Output out = model.forwardVariants(text, words, keep);
    Scores full = scorer.score(out, 0);
    int target = argmax(full.probabilities());
    double[] intent = new double[n];
    double[] oos = new double[n];
    for (int w = 0; w < n; w++) {
      Scores without = scorer.score(out, w + 1);
      intent[w] = full.probabilities()[target] - without.probabilities()[target];
      oos[w] = full.oos() - without.oos();
    }
    return new Result(out, target, intent, oos, keep.length);
  }

  private static Result shapley(String text, List<int[]> words, ExplainConfig config, LogitsModel model,
      Scorer scorer) {
    int n = words.size();
    int m = config.permutations();
    int[][] perms = new int[m][];
    SplittableRandom rnd = new SplittableRandom(config.seed());
    for (int p = 0; p < m; p++) {
      perms[p] = permutation(n, rnd);
    }
    // Rows: 0 full text, 1 no words, then per permutation its prefixes of 1 .. n-1 words.
    boolean[][] keep = new boolean[2 + m * (n - 1)][n];
    java.util.Arrays.fill(keep[0], true);
    for (int p = 0; p < m; p++) {
      for (int k = 1; k < n; k++) {
        boolean[] row = keep[row(p, k, n)];
        for (int j = 0; j < k; j++) {
          row[perms[p][j]] = true;
        }
      }
    }
    LogitsModel.Output out = model.forwardVariants(text, words, keep);
    Scores[] s = new Scores[keep.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scorer.score(out, i);
    }
    int target = argmax(s[0].probabilities());
    double[] intent = new double[n];
    double[] oos = new double[n];
    for (int p = 0; p < m; p++) {
      for (int k = 1; k <= n; k++) {
        Scores with = k == n ? s[0] : s[row(p, k, n)];
        Scores before = k == 1 ? s[1] : s[row(p, k - 1, n)];
        int w = perms[p][k - 1];
        intent[w] += with.probabilities()[target] - before.probabilities()[target];
        oos[w] += with.oos() - before.oos();
      }
    }
    for (int w = 0; w < n; w++) {
      intent[w] /= m;
      oos[w] /= m;
    }
    return new Result(out, target, intent, oos, keep.length);
  }

  private static int row(int perm, int prefix, int n) {
    return 2 + perm * (n - 1) + (prefix - 1);
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
