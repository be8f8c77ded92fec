package io.intentops.train.intent;

import io.intentops.eval.data.LabeledText;
import io.intentops.eval.robustness.Perturbation;
import io.intentops.eval.robustness.Perturbations;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Data preparation for {@link IntentTrainer}: the typo-augmented text rows, the stratified split and
 * the row-index sets over them. Rows 0..n-1 are the texts, then {@code copies} blocks of n typo copies
 * (copy c of text i at row (c+1)n+i). Stateless; thread-safe.
 */
final class TrainingRows {
  private TrainingRows() {}

  /** The texts followed by {@code copies} blocks of their typo copies. */
  static List<String> withTypoCopies(List<LabeledText> data, int copies, long seed) {
    List<String> texts = new ArrayList<>(data.size());
    for (LabeledText t : data) {
      texts.add(t.text());
    }
    List<String> all = new ArrayList<>(texts);
    Perturbation typos = Perturbations.typos();
    for (int c = 0; c < copies; c++) {
      for (String t : texts) {
        all.add(typos.apply(t, typoStream(seed, c, t)));
      }
    }
    return all;
  }

  /** See {@link IntentTrainer#typoStream}. */
  static SplittableRandom typoStream(long seed, int copy, String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return new SplittableRandom(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + copy).nextLong() ^ h);
  }

  /** Stratified split: per class (in label order) a seeded shuffle, the first {@code fraction} to validation. */
  static boolean[] split(int[] y, int classes, double fraction, long seed) {
    boolean[] val = new boolean[y.length];
    if (fraction <= 0) {
      return val;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < classes; c++) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == c) {
          idx.add(i);
        }
      }
      for (int i = idx.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = idx.get(i);
        idx.set(i, idx.get(j));
        idx.set(j, t);
      }
      int k = idx.size() < 2 ? 0 : Math.max(1, (int) Math.floor(idx.size() * fraction));
      for (int i = 0; i < k; i++) {
        val[idx.get(i)] = true;
      }
    }
    return val;
  }

  static int[] indices(boolean[] mask, boolean want) {
    int c = 0;
    for (boolean m : mask) {
      c += m == want ? 1 : 0;
    }
    int[] out = new int[c];
    int k = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == want) {
        out[k++] = i;
      }
    }
    return out;
  }

  static int[] pick(int[] y, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = y[idx[i]];
    }
    return out;
  }

  /** Rows of the texts with {@code mask == want}, followed by the same texts' first {@code copies} typo copies. */
  static int[] rows(boolean[] mask, boolean want, int n, int copies) {
    int[] base = indices(mask, want);
    int[] out = new int[base.length * (1 + copies)];
    for (int c = 0; c <= copies; c++) {
      for (int i = 0; i < base.length; i++) {
        out[c * base.length + i] = c * n + base[i];
      }
    }
    return out;
  }

  /** The first typo copy of every validation text. */
  static int[] perturbedRows(boolean[] isVal, int n) {
    int[] v = indices(isVal, true);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = n + v[i];
    }
    return out;
  }
}
