package io.intentops.inference.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into the words that explanations attribute to. A word is a maximal run of code points
 * that are not {@linkplain #isSeparator separators} (whitespace, space separators, control characters,
 * zero-width space, BOM: what {@code InputLimits} counts as blank, except the joiners ZWJ and ZWNJ), except that
 * each Han, Hiragana or Katakana character (scripts written without spaces) is a word of its own,
 * together with any combining marks and variation selectors that follow it. Surrogate pairs, combining
 * marks, emoji sequences joined by ZWJ, URLs and punctuation stay inside their word. Thread-safe.
 */
public final class Words {
  private Words() {}

  /**
   * The words of {@code text} as {@code [start, end)} UTF-16 spans, in order, non-empty and
   * non-overlapping; {@code text.substring(start, end)} is the word.
   */
  public static List<int[]> split(String text) {
    List<int[]> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    int start = -1;
    while (i < n) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (isSeparator(cp)) {
        if (start >= 0) {
          out.add(new int[] {start, i});
          start = -1;
        }
      } else if (isSpacelessScript(cp)) {
        if (start >= 0) {
          out.add(new int[] {start, i});
        }
        int end = i + len;
        while (end < n && isAttached(text.codePointAt(end))) {
          end += Character.charCount(text.codePointAt(end));
        }
        out.add(new int[] {i, end});
        start = -1;
        i = end;
        continue;
      } else if (start < 0) {
        start = i;
      }
      i += len;
    }
    if (start >= 0) {
      out.add(new int[] {start, n});
    }
    return out;
  }

  /** Whether {@code cp} separates words: whitespace, space separators, control characters, U+200B and U+FEFF. */
  public static boolean isSeparator(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
        || cp == 0x200B || cp == 0xFEFF;
  }

  private static boolean isSpacelessScript(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA;
  }

  // Marks and selectors belong to the character before them, so a split never separates them from it.
  private static boolean isAttached(int cp) {
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200D;
  }
}
