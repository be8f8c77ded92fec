package io.intentops.eval.robustness;

import io.intentops.core.ConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard perturbations of the robustness suite. Each is a pure function of the text and the
 * random state it is given; all are immutable and thread-safe.
 *
 * <ul>
 *   <li>{@value #TYPOS}: about one edit per {@value #DEFAULT_CHARS_PER_TYPO} characters (each character
 *       position starts an edit with probability 1/25, so a text of {@code n} characters gets a
 *       binomial {@code (n, 1/25)} number of edits; each edit hits a random letter and is a QWERTY keyboard-neighbour
 *       substitution, a deletion, a transposition with the next letter or a doubled letter, equally
 *       likely), then half of the texts lowercased and half without final punctuation (independently);
 *   <li>{@value #CASING}: a third all lowercase, a third ALL UPPERCASE, a third each word's first letter
 *       flipped with probability 1/2;
 *   <li>{@value #PUNCTUATION}: half without any punctuation, half with the final punctuation replaced by
 *       {@code ??}, {@code !!} or {@code ...};
 *   <li>{@value #WHITESPACE}: each space doubled with probability 0.3, a tab instead with probability
 *       0.05, and leading and trailing spaces;
 *   <li>{@value #CONTRACTIONS}: every contraction expanded ({@code don't} → {@code do not}) and every
 *       expandable pair contracted ({@code I am} → {@code I'm}); in half of the texts the apostrophes of
 *       the contractions are dropped ({@code dont}).
 * </ul>
 */
public final class Perturbations {
  /** Name of the typo perturbation. */
  public static final String TYPOS = "typos";
  /** Name of the casing perturbation. */
  public static final String CASING = "casing";
  /** Name of the punctuation perturbation. */
  public static final String PUNCTUATION = "punctuation";
  /** Name of the whitespace perturbation. */
  public static final String WHITESPACE = "whitespace";
  /** Name of the contractions perturbation. */
  public static final String CONTRACTIONS = "contractions";
  /** Every standard name, in the order {@link #standard()} returns them. */
  public static final List<String> NAMES = List.of(TYPOS, CASING, PUNCTUATION, WHITESPACE, CONTRACTIONS);
  /** Default characters per typo edit (one edit per 25 characters). */
  public static final double DEFAULT_CHARS_PER_TYPO = 25;
  /** Default share of typo texts that are also lowercased. */
  public static final double DEFAULT_LOWERCASE_SHARE = 0.5;
  /** Default share of typo texts whose final punctuation is dropped. */
  public static final double DEFAULT_DROP_FINAL_PUNCTUATION_SHARE = 0.5;

  private Perturbations() {}

  /** Every standard perturbation, in {@link #NAMES} order. */
  public static List<Perturbation> standard() {
    return List.of(typos(), casing(), punctuation(), whitespace(), contractions());
  }

  /**
   * The standard perturbations named in {@code names} (a comma-separated list, or {@code all}).
   *
   * @throws ConfigurationException for an unknown or empty name
   */
  public static List<Perturbation> named(String names) {
    if (names.trim().equalsIgnoreCase("all")) {
      return standard();
    }
    Map<String, Perturbation> byName = new LinkedHashMap<>();
    standard().forEach(p -> byName.put(p.name(), p));
    List<Perturbation> out = new ArrayList<>();
    for (String n : names.split(",")) {
      Perturbation p = byName.get(n.trim().toLowerCase(Locale.ROOT));
      if (p == null) {
        throw new ConfigurationException("Unknown perturbation '" + n.trim() + "'; expected 'all' or some of " + NAMES);
      }
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** Typos at the default rates. */
  public static Perturbation typos() {
    return typos(DEFAULT_CHARS_PER_TYPO, DEFAULT_LOWERCASE_SHARE, DEFAULT_DROP_FINAL_PUNCTUATION_SHARE);
  }

  /**
   * Typos at {@code charsPerEdit} characters per edit.
   *
   * @param lowercaseShare share of texts also lowercased, in [0, 1]
   * @param dropFinalPunctuationShare share of texts whose final {@code . ? !} characters are removed, in [0, 1]
   * @throws ConfigurationException when a rate is out of range
   */
  public static Perturbation typos(double charsPerEdit, double lowercaseShare, double dropFinalPunctuationShare) {
    if (!(charsPerEdit >= 1) || Double.isInfinite(charsPerEdit)) {
      throw new ConfigurationException("charsPerEdit must be finite and >= 1, got " + charsPerEdit);
    }
    share("lowercaseShare", lowercaseShare);
    share("dropFinalPunctuationShare", dropFinalPunctuationShare);
    return new Typos(charsPerEdit, lowercaseShare, dropFinalPunctuationShare);
  }

  /** Casing changes. */
  public static Perturbation casing() {
    return new Simple(CASING, "1/3 lowercase, 1/3 UPPERCASE, 1/3 first letter of each word flipped with p=0.5",
        Perturbations::casing);
  }

  /** Punctuation removed or exaggerated. */
  public static Perturbation punctuation() {
    return new Simple(PUNCTUATION, "1/2 all punctuation removed, 1/2 final punctuation replaced by ??, !! or ...",
        Perturbations::punctuation);
  }

  /** Extra whitespace. */
  public static Perturbation whitespace() {
    return new Simple(WHITESPACE, "spaces doubled with p=0.3, a tab with p=0.05, leading and trailing spaces",
        Perturbations::whitespace);
  }

  /** Contractions expanded and expansions contracted. */
  public static Perturbation contractions() {
    return new Simple(CONTRACTIONS, "contractions expanded, expandable pairs contracted; 1/2 of the texts without their apostrophes",
        Perturbations::contractions);
  }

  private static void share(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new ConfigurationException(name + " must be in [0, 1], got " + v);
    }
  }

  private record Simple(String name, String description, Fn fn) implements Perturbation {
    @Override
    public String apply(String text, SplittableRandom random) {
      return fn.apply(text, random);
    }
  }

  @FunctionalInterface
  private interface Fn {
    String apply(String text, SplittableRandom random);
  }

  // ---- typos ----

  private static final String[] ROWS = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  private static final Map<Character, String> NEIGHBOURS = neighbours();

  /** Letters adjacent on a QWERTY keyboard (same row left/right, the rows above and below, offset by half a key). */
  private static Map<Character, String> neighbours() {
    Map<Character, String> m = new HashMap<>();
    for (int r = 0; r < ROWS.length; r++) {
      for (int c = 0; c < ROWS[r].length(); c++) {
        StringBuilder sb = new StringBuilder();
        for (int dr = -1; dr <= 1; dr++) {
          int rr = r + dr;
          if (rr < 0 || rr >= ROWS.length) {
            continue;
          }
          // row r+1 is shifted half a key right of row r: key c touches c-1 and c of the row below, c and c+1 above
          int from = dr == 0 ? c - 1 : dr < 0 ? c : c - 1;
          int to = dr == 0 ? c + 1 : dr < 0 ? c + 1 : c;
          for (int cc = from; cc <= to; cc++) {
            if (cc >= 0 && cc < ROWS[rr].length() && !(dr == 0 && cc == c)) {
              sb.append(ROWS[rr].charAt(cc));
            }
          }
        }
        m.put(ROWS[r].charAt(c), sb.toString());
      }
    }
    return Map.copyOf(m);
  }

  private record Typos(double charsPerEdit, double lowercaseShare, double dropShare) implements Perturbation {
    @Override
    public String name() {
      return TYPOS;
    }

    @Override
    public String description() {
      return String.format(Locale.ROOT, "binomial(length, 1/%.0f) edits on letters (keyboard-neighbour substitution, "
          + "deletion, transposition, doubled letter); %.0f %% lowercased, %.0f %% without final punctuation",
          charsPerEdit, 100 * lowercaseShare, 100 * dropShare);
    }

    @Override
    public String apply(String text, SplittableRandom random) {
      StringBuilder sb = new StringBuilder(text);
      int edits = 0;
      for (int i = 0; i < text.length(); i++) {
        edits += random.nextDouble() * charsPerEdit < 1 ? 1 : 0;
      }
      for (int e = 0; e < edits; e++) {
        List<Integer> letters = new ArrayList<>();
        for (int i = 0; i < sb.length(); i++) {
          if (Character.isLetter(sb.charAt(i))) {
            letters.add(i);
          }
        }
        if (letters.isEmpty()) {
          break;
        }
        int at = letters.get(random.nextInt(letters.size()));
        char ch = sb.charAt(at);
        switch (random.nextInt(4)) {
          case 0 -> {
            String nb = NEIGHBOURS.get(Character.toLowerCase(ch));
            if (nb == null) {
              sb.deleteCharAt(at); // a letter off the QWERTY map (accented): delete instead
            } else {
              char r = nb.charAt(random.nextInt(nb.length()));
              sb.setCharAt(at, Character.isUpperCase(ch) ? Character.toUpperCase(r) : r);
            }
          }
          case 1 -> {
            if (letters.size() > 1) {
              sb.deleteCharAt(at);
            } else {
              sb.insert(at, ch); // never delete the last letter of a text
            }
          }
          case 2 -> {
            if (at + 1 < sb.length() && Character.isLetter(sb.charAt(at + 1)) && sb.charAt(at + 1) != ch) {
              sb.setCharAt(at, sb.charAt(at + 1));
              sb.setCharAt(at + 1, ch);
            } else if (at > 0 && Character.isLetter(sb.charAt(at - 1)) && sb.charAt(at - 1) != ch) {
              sb.setCharAt(at, sb.charAt(at - 1));
              sb.setCharAt(at - 1, ch);
            } else {
              sb.insert(at, ch);
            }
          }
          default -> sb.insert(at, ch);
        }
      }
      String out = sb.toString();
      if (random.nextDouble() < lowercaseShare) {
        out = out.toLowerCase(Locale.ROOT);
      }
      if (random.nextDouble() < dropShare) {
        out = stripFinalPunctuation(out);
      }
      return out;
    }
  }

  private static String stripFinalPunctuation(String s) {
    int end = s.length();
    while (end > 0 && (".?!".indexOf(s.charAt(end - 1)) >= 0 || Character.isWhitespace(s.charAt(end - 1)))) {
      end--;
    }
    return end == 0 ? s : s.substring(0, end);
  }

  // ---- casing, punctuation, whitespace ----

  private static String casing(String text, SplittableRandom random) {
    int mode = random.nextInt(3);
    if (mode == 0) {
      return text.toLowerCase(Locale.ROOT);
    }
    if (mode == 1) {
      return text.toUpperCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(text);
    for (int i = 0; i < sb.length(); i++) {
      boolean wordStart = i == 0 || !Character.isLetterOrDigit(sb.charAt(i - 1));
      char c = sb.charAt(i);
      if (wordStart && Character.isLetter(c) && random.nextBoolean()) {
        sb.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static final Pattern PUNCT = Pattern.compile("[\\p{Punct}\\u2018\\u2019\\u201c\\u201d]");
  private static final String[] ENDINGS = {"??", "!!", "..."};

  private static String punctuation(String text, SplittableRandom random) {
    if (random.nextBoolean()) {
      String s = PUNCT.matcher(text).replaceAll("").replaceAll(" {2,}", " ").trim();
      return s.isEmpty() ? text : s;
    }
    return stripFinalPunctuation(text) + ENDINGS[random.nextInt(ENDINGS.length)];
  }

  private static String whitespace(String text, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    sb.append(random.nextBoolean() ? "  " : " ");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        double u = random.nextDouble();
        sb.append(u < 0.05 ? "\t" : u < 0.35 ? "  " : " ");
      } else {
        sb.append(c);
      }
    }
    sb.append(random.nextBoolean() ? "  " : " ");
    return sb.toString();
  }

  // ---- contractions ----

  /** Contraction -> expansion; the reverse direction is derived (the first expansion wins). */
  private static final String[][] CONTRACTION_TABLE = {
    {"don't", "do not"}, {"doesn't", "does not"}, {"didn't", "did not"}, {"can't", "cannot"}, {"won't", "will not"},
    {"isn't", "is not"}, {"aren't", "are not"}, {"wasn't", "was not"}, {"weren't", "were not"}, {"haven't", "have not"},
    {"hasn't", "has not"}, {"hadn't", "had not"}, {"couldn't", "could not"}, {"shouldn't", "should not"},
    {"wouldn't", "would not"}, {"i'm", "i am"}, {"i've", "i have"}, {"i'll", "i will"}, {"i'd", "i would"},
    {"you're", "you are"}, {"you've", "you have"}, {"it's", "it is"}, {"that's", "that is"}, {"what's", "what is"},
    {"where's", "where is"}, {"there's", "there is"}, {"how's", "how is"}, {"we're", "we are"}, {"they're", "they are"},
    {"let's", "let us"},
  };
  private static final Map<String, String> TOGGLE = toggle();
  private static final Pattern TOGGLE_PATTERN = togglePattern();

  private static Map<String, String> toggle() {
    Map<String, String> m = new HashMap<>();
    for (String[] p : CONTRACTION_TABLE) {
      m.put(p[0], p[1]);
      m.put(p[0].replace('\'', '\u2019'), p[1]);
      m.putIfAbsent(p[1], p[0]);
    }
    return Map.copyOf(m);
  }

  private static Pattern togglePattern() {
    List<String> keys = new ArrayList<>(TOGGLE.keySet());
    keys.sort((a, b) -> b.length() - a.length()); // longest first: "can not" before "can"
    StringBuilder sb = new StringBuilder("\\b(?:");
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i == 0 ? "" : "|").append(Pattern.quote(keys.get(i)).replace(" ", "\\E\\s+\\Q"));
    }
    return Pattern.compile(sb.append(")\\b").toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static String contractions(String text, SplittableRandom random) {
    boolean dropApostrophes = random.nextBoolean();
    Matcher m = TOGGLE_PATTERN.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String found = m.group();
      String key = found.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      String repl = TOGGLE.get(key);
      if (repl == null) {
        repl = found;
      }
      if (dropApostrophes) {
        repl = repl.replace("'", "");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(matchCase(found, repl)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code repl} with the case of {@code found}'s first letter ("I" stays upper-case as a word). */
  private static String matchCase(String found, String repl) {
    String r = repl.startsWith("i ") || repl.startsWith("i'") || repl.startsWith("im") || repl.startsWith("id")
        || repl.startsWith("ive") || repl.startsWith("ill") ? "I" + repl.substring(1) : repl;
    if (!found.isEmpty() && Character.isUpperCase(found.charAt(0)) && !r.isEmpty()) {
      return Character.toUpperCase(r.charAt(0)) + r.substring(1);
    }
    return r;
  }
}
