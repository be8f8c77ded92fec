package io.intentops.inference.ner.internal;

import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.spi.WordShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Windowing of NER input: whitespace words with their offsets, word-piece windows for texts longer
 * than the encoder's limit, and for each scored piece the window where it has the most context.
 * Stateless and thread-safe.
 */
final class Windowing {
  private Windowing() {}

  /**
   * The whitespace-separated words of a text and their UTF-16 offsets {@code [starts[i], ends[i])};
   * offsets always index the original string, so entity offsets do too.
   */
  record Words(List<String> words, int[] starts, int[] ends) {
    static Words of(String text) {
      List<String> words = new ArrayList<>();
      List<int[]> spans = new ArrayList<>();
      int n = text.length();
      for (int i = 0; i < n; ) {
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        int s = i;
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (i > s) {
          words.add(text.substring(s, i));
          spans.add(new int[] {s, i});
        }
      }
      return new Words(List.copyOf(words), spans.stream().mapToInt(a -> a[0]).toArray(),
          spans.stream().mapToInt(a -> a[1]).toArray());
    }
  }

  /**
   * What to run: the windows' token ids (with the sequence-start and -end tokens) and, per query (a
   * piece to score), its piece index, window, position inside the window and word shape.
   *
   * @param truncated whether more than one window was needed
   */
  record Plan(long[][] windowIds, int[] queryPiece, int[] qWindow, int[] qPos, int[] qShape, boolean truncated) {}

  /**
   * Windows {@code [start, end)} over {@code pieces} pieces: one when they fit in {@code maxPieces},
   * else windows of {@code maxPieces} with a stride of half a window, the last ending at the last piece.
   */
  static List<int[]> windows(int pieces, int maxPieces) {
    if (maxPieces < 1) {
      throw new IllegalArgumentException("maxPieces must be >= 1, got " + maxPieces);
    }
    List<int[]> windows = new ArrayList<>();
    if (pieces <= maxPieces) {
      windows.add(new int[] {0, pieces});
    } else {
      int stride = Math.max(1, maxPieces / 2);
      for (int s = 0; ; s += stride) {
        int e = Math.min(pieces, s + maxPieces);
        windows.add(new int[] {s, e});
        if (e == pieces) {
          break;
        }
      }
    }
    return windows;
  }

  /**
   * The window where piece {@code p} is most central (largest distance to the nearer border; the
   * first such window on ties), or -1 when no window holds it.
   */
  static int bestWindow(List<int[]> windows, int p) {
    int best = -1;
    int bestMargin = -1;
    for (int w = 0; w < windows.size(); w++) {
      int[] win = windows.get(w);
      if (p >= win[0] && p < win[1]) {
        int margin = Math.min(p - win[0], win[1] - 1 - p);
        if (margin > bestMargin) {
          bestMargin = margin;
          best = w;
        }
      }
    }
    return best;
  }

  /**
   * Plans the model runs for a text's word pieces.
   *
   * @param words the words {@code enc} was encoded from (for their shapes)
   * @param maxPieces pieces per window (the token limit minus the two special tokens)
   * @param firstPiecesOnly score only each word's first piece (else every piece)
   */
  static Plan plan(List<String> words, TextTokenizer.WordPieces enc, int maxPieces, long clsId, long sepId,
      boolean firstPiecesOnly) {
    long[] ids = enc.ids();
    List<int[]> windows = windows(ids.length, maxPieces);
    long[][] winIds = new long[windows.size()][];
    for (int w = 0; w < windows.size(); w++) {
      int[] win = windows.get(w);
      long[] x = new long[win[1] - win[0] + 2];
      x[0] = clsId;
      System.arraycopy(ids, win[0], x, 1, win[1] - win[0]);
      x[x.length - 1] = sepId;
      winIds[w] = x;
    }
    int[] pieceWord = enc.pieceWord();
    int[] firstPiece = enc.firstPiece();
    int q = 0;
    int[] queryPiece = new int[ids.length];
    for (int p = 0; p < ids.length; p++) {
      if (!firstPiecesOnly || firstPiece[pieceWord[p]] == p) {
        queryPiece[q++] = p;
      }
    }
    queryPiece = java.util.Arrays.copyOf(queryPiece, q);
    int[] qWindow = new int[q];
    int[] qPos = new int[q];
    int[] qShape = new int[q];
    for (int k = 0; k < q; k++) {
      int p = queryPiece[k];
      int best = bestWindow(windows, p);
      qWindow[k] = best;
      qPos[k] = p - windows.get(best)[0] + 1;
      int word = pieceWord[p];
      qShape[k] = firstPiece[word] == p ? WordShape.of(words.get(word)) : WordShape.NONE;
    }
    return new Plan(winIds, queryPiece, qWindow, qPos, qShape, windows.size() > 1);
  }
}
