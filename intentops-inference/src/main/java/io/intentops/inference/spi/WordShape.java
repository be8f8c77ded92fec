package io.intentops.inference.spi;

/**
 * Casing class of a word, fed to the NER head as a learned embedding because the encoder's
 * tokenizer lower-cases everything (so "apple" and "Apple" look the same to it). Thread-safe.
 */
public final class WordShape {
  /** Special tokens and non-first sub-tokens. */
  public static final int NONE = 0;
  /** All letters lower case. */
  public static final int LOWER = 1;
  /** First letter upper case, the rest lower case. */
  public static final int CAPITALISED = 2;
  /** At least two letters, all upper case. */
  public static final int ALL_CAPS = 3;
  /** No letters, or mixed case (iPhone, McDonald). */
  public static final int OTHER = 4;
  /** Number of shape classes. */
  public static final int COUNT = 5;

  private WordShape() {}

  /** The shape class of one word (only its letters are looked at). */
  public static int of(String word) {
    int letters = 0;
    int upper = 0;
    boolean firstUpper = false;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        boolean u = Character.isUpperCase(cp) || Character.isTitleCase(cp);
        if (letters == 0) {
          firstUpper = u;
        }
        letters++;
        if (u) {
          upper++;
        }
      }
    }
    if (letters == 0) {
      return OTHER;
    }
    if (upper == 0) {
      return LOWER;
    }
    if (upper == letters) {
      return letters >= 2 ? ALL_CAPS : CAPITALISED;
    }
    if (upper == 1 && firstUpper) {
      return CAPITALISED;
    }
    return OTHER;
  }
}
