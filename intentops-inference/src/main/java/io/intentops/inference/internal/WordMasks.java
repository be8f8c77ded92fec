package io.intentops.inference.internal;

import io.intentops.inference.encoder.TokenizedText;
import java.util.Arrays;
import java.util.List;

/**
 * Perturbed tokenisations for explanations: a text's tokens with the tokens of some words left out.
 * Working on the tokens of the one original tokenisation (instead of re-tokenising edited strings) keeps
 * every word's pieces exactly as they were and lets all perturbations go into one padded batch.
 */
final class WordMasks {
  private WordMasks() {}

  /**
   * For each token, the index of the word (a {@code [start, end)} span) it overlaps most, or -1 for special
   * tokens and tokens with an empty span (those are always kept).
   */
  static int[] tokenWords(TokenizedText t, List<int[]> words) {
    int[] out = new int[t.length()];
    Arrays.fill(out, -1);
    int w = 0;
    for (int i = 0; i < out.length; i++) {
      int s = t.charStart()[i];
      int e = t.charEnd()[i];
      if (t.special()[i] || e <= s) {
        continue;
      }
      // Tokens come in text order, so the scan over words only moves forward.
      while (w < words.size() && words.get(w)[1] <= s) {
        w++;
      }
      int best = -1;
      int bestOverlap = 0;
      for (int k = w; k < words.size() && words.get(k)[0] < e; k++) {
        int overlap = Math.min(e, words.get(k)[1]) - Math.max(s, words.get(k)[0]);
        if (overlap > bestOverlap) {
          best = k;
          bestOverlap = overlap;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** {@code t} with the tokens of the words where {@code keep[w]} is false removed. */
  static TokenizedText keep(TokenizedText t, int[] tokenWord, boolean[] keep) {
    int n = t.length();
    int[] idx = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (tokenWord[i] < 0 || keep[tokenWord[i]]) {
        idx[m++] = i;
      }
    }
    long[] ids = new long[m];
    long[] types = new long[m];
    String[] tokens = new String[m];
    long[] wordIds = new long[m];
    boolean[] special = new boolean[m];
    int[] start = new int[m];
    int[] end = new int[m];
    for (int j = 0; j < m; j++) {
      int i = idx[j];
      ids[j] = t.ids()[i];
      types[j] = t.typeIds()[i];
      tokens[j] = t.tokens()[i];
      wordIds[j] = t.wordIds()[i];
      special[j] = t.special()[i];
      start[j] = t.charStart()[i];
      end[j] = t.charEnd()[i];
    }
    return new TokenizedText(t.text(), ids, types, tokens, wordIds, special, start, end, t.truncated());
  }
}
