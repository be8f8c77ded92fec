package io.intentops.inference.ner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.spi.WordShape;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WindowingTest {
  private static final long CLS = 101;
  private static final long SEP = 102;

  @Test
  void wordsKeepTheirOffsetsIntoTheOriginalText() {
    String text = "  Paris\t\tis 👋🇫🇷\nnice  ";
    Windowing.Words w = Windowing.Words.of(text);
    assertThat(w.words()).containsExactly("Paris", "is", "👋🇫🇷", "nice");
    for (int i = 0; i < w.words().size(); i++) {
      assertThat(text.substring(w.starts()[i], w.ends()[i])).isEqualTo(w.words().get(i));
    }
    assertThat(w.starts()).containsExactly(2, 9, 12, 19);
    assertThat(Windowing.Words.of(" \t\n").words()).isEmpty();
    // Character.isWhitespace: a no-break space is part of a word, an ideographic space separates.
    assertThat(Windowing.Words.of("a\u00a0b\u3000c").words()).containsExactly("a\u00a0b", "c");
  }

  @Test
  void shortInputsGetOneWindowAndLongOnesOverlapByHalf() {
    assertThat(Windowing.windows(5, 5)).containsExactly(new int[] {0, 5});
    assertThat(Windowing.windows(0, 5)).containsExactly(new int[] {0, 0});
    assertThat(Windowing.windows(10, 4)).containsExactly(new int[] {0, 4}, new int[] {2, 6}, new int[] {4, 8},
        new int[] {6, 10});
    assertThat(Windowing.windows(9, 4)).containsExactly(new int[] {0, 4}, new int[] {2, 6}, new int[] {4, 8},
        new int[] {6, 9});
    // A window of one piece still advances (stride at least 1).
    assertThat(Windowing.windows(3, 1)).containsExactly(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3});
    assertThatThrownBy(() -> Windowing.windows(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachPieceIsScoredInTheWindowWhereItIsMostCentral() {
    List<int[]> w = Windowing.windows(10, 4); // [0,4) [2,6) [4,8) [6,10)
    assertThat(Windowing.bestWindow(w, 0)).isZero();
    assertThat(Windowing.bestWindow(w, 1)).isZero(); // only [0,4) holds it
    assertThat(Windowing.bestWindow(w, 3)).isEqualTo(1); // margin 0 in [0,4), 1 in [2,6)
    assertThat(Windowing.bestWindow(w, 4)).isEqualTo(1); // margin 1 in [2,6), 0 in [4,8)
    assertThat(Windowing.bestWindow(w, 9)).isEqualTo(3);
    assertThat(Windowing.bestWindow(w, 10)).isEqualTo(-1);
  }

  @Test
  void planWrapsWindowsInSpecialTokensAndScoresFirstPieces() {
    // words: "New" -> 1 piece, "yorkers" -> 2 pieces, "rock" -> 1 piece
    List<String> words = List.of("New", "yorkers", "rock");
    TextTokenizer.WordPieces enc = new TextTokenizer.WordPieces(new long[] {10, 20, 21, 30}, new int[] {0, 1, 1, 2},
        new int[] {0, 1, 3});
    Windowing.Plan one = Windowing.plan(words, enc, 8, CLS, SEP, true);
    assertThat(one.truncated()).isFalse();
    assertThat(one.windowIds()).isDeepEqualTo(new long[][] {{CLS, 10, 20, 21, 30, SEP}});
    assertThat(one.queryPiece()).containsExactly(0, 1, 3);
    assertThat(one.qPos()).containsExactly(1, 2, 4);
    assertThat(one.qShape()).containsExactly(WordShape.CAPITALISED, WordShape.LOWER, WordShape.LOWER);

    Windowing.Plan all = Windowing.plan(words, enc, 8, CLS, SEP, false);
    assertThat(all.queryPiece()).containsExactly(0, 1, 2, 3);
    assertThat(all.qShape()).containsExactly(WordShape.CAPITALISED, WordShape.LOWER, WordShape.NONE, WordShape.LOWER);

    Windowing.Plan split = Windowing.plan(words, enc, 2, CLS, SEP, true);
    assertThat(split.truncated()).isTrue();
    assertThat(split.windowIds()).isDeepEqualTo(new long[][] {{CLS, 10, 20, SEP}, {CLS, 20, 21, SEP},
        {CLS, 21, 30, SEP}});
  }

  @Property(tries = 300, seed = "2025")
  void everyQueryPointsAtItsOwnPieceInsideAWindow(@ForAll @IntRange(min = 0, max = 60) int pieces,
      @ForAll @IntRange(min = 1, max = 12) int maxPieces, @ForAll @IntRange(min = 1, max = 3) int piecesPerWord) {
    int words = (pieces + piecesPerWord - 1) / piecesPerWord;
    long[] ids = new long[pieces];
    int[] pieceWord = new int[pieces];
    int[] first = new int[words];
    for (int p = 0; p < pieces; p++) {
      ids[p] = 1000 + p;
      pieceWord[p] = p / piecesPerWord;
      if (p % piecesPerWord == 0) {
        first[p / piecesPerWord] = p;
      }
    }
    List<String> ws = java.util.Collections.nCopies(words, "w");
    Windowing.Plan plan = Windowing.plan(ws, new TextTokenizer.WordPieces(ids, pieceWord, first), maxPieces, CLS, SEP,
        false);
    assertThat(plan.queryPiece()).hasSize(pieces);
    assertThat(plan.truncated()).isEqualTo(pieces > maxPieces);
    for (long[] win : plan.windowIds()) {
      assertThat(win.length).isBetween(2, maxPieces + 2);
      assertThat(win[0]).isEqualTo(CLS);
      assertThat(win[win.length - 1]).isEqualTo(SEP);
    }
    List<int[]> windows = Windowing.windows(pieces, maxPieces);
    for (int k = 0; k < pieces; k++) {
      long[] win = plan.windowIds()[plan.qWindow()[k]];
      assertThat(plan.qPos()[k]).isBetween(1, win.length - 2);
      assertThat(win[plan.qPos()[k]]).isEqualTo(ids[plan.queryPiece()[k]]);
      // No window gives the piece more context on its nearer side.
      int p = plan.queryPiece()[k];
      int[] chosen = windows.get(plan.qWindow()[k]);
      int margin = Math.min(p - chosen[0], chosen[1] - 1 - p);
      for (int[] other : windows) {
        if (p >= other[0] && p < other[1]) {
          assertThat(Math.min(p - other[0], other[1] - 1 - p)).isLessThanOrEqualTo(margin);
        }
      }
    }
  }
}
