package io.intentops.eval.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

/** The perturbation generators: determinism, rates and what each one changes. */
class PerturbationsTest {
  private static final List<String> BANKING = List.of(
      "How do I activate my new card?", "I don't know why my transfer is still pending.",
      "Can you tell me where my card is? I ordered it a week ago.", "What is the exchange rate for euros?",
      "I am not able to top up with my Apple Pay", "why was I charged a fee when withdrawing cash",
      "It's been days and I still can't see the money in my account.", "My card got declined at the shop.");

  @Property(tries = 200)
  void sameRandomStateGivesSameText(@ForAll @StringLength(max = 120) String text, @ForAll long seed) {
    for (Perturbation p : Perturbations.standard()) {
      assertThat(p.apply(text, new SplittableRandom(seed))).isEqualTo(p.apply(text, new SplittableRandom(seed)));
    }
  }

  @Property(tries = 200)
  void typosTouchOnlyLettersCaseAndFinalPunctuation(@ForAll @Chars({'1', '2', '-', '+'}) @StringLength(max = 60) String text,
      @ForAll long seed) {
    // without letters there is nothing to edit: only a final . ? ! could go, and digits have no case
    assertThat(Perturbations.typos().apply(text, new SplittableRandom(seed))).isEqualTo(text);
  }

  @Test
  void typosChangeMostTextsAtAboutOneEditPer25Characters() {
    Perturbation t = Perturbations.typos(25, 0, 0);
    List<String> texts = new ArrayList<>();
    for (int r = 0; r < 50; r++) {
      texts.addAll(BANKING);
    }
    List<String> out = RobustnessSuite.builder().build().perturb(texts, t);
    int changed = 0;
    int distance = 0;
    int chars = 0;
    for (int i = 0; i < texts.size(); i++) {
      changed += out.get(i).equals(texts.get(i)) ? 0 : 1;
      distance += levenshtein(texts.get(i), out.get(i));
      chars += texts.get(i).length();
    }
    // texts of ~45 characters: P(no edit) = (24/25)^45 = 16 %
    assertThat((double) changed / texts.size()).isBetween(0.75, 0.92);
    // one edit per 25 characters; a transposition counts 2 in the Levenshtein distance, so 1/25 .. 1.25/25
    assertThat((double) distance / chars).isBetween(0.9 / 25, 1.4 / 25);
  }

  @Test
  void typosLowercaseAndDropFinalPunctuationAtTheirShares() {
    Perturbation t = Perturbations.typos(1000, 1, 1); // (almost) no edit, always lowercased, never final punctuation
    String out = t.apply("Where IS my card?", new SplittableRandom(2025));
    assertThat(out).isEqualTo(out.toLowerCase()).doesNotEndWith("?");
    assertThat(Perturbations.typos(1000, 0, 0).apply("Where IS my card?", new SplittableRandom(2025))).endsWith("?");
  }

  @Test
  void keyboardNeighbourSubstitutionsStayOnTheKeyboard() {
    // many substitutions of 'g': only its QWERTY neighbours may appear
    List<Character> seen = new ArrayList<>();
    for (long s = 0; s < 400; s++) {
      String out = Perturbations.typos(1, 0, 0).apply("g", new SplittableRandom(s)); // exactly one edit
      if (out.length() == 1 && !out.equals("g")) {
        seen.add(out.charAt(0));
      }
    }
    assertThat(seen).isNotEmpty().allMatch(c -> "fhtyvb".indexOf(c) >= 0);
  }

  @Test
  void contractionsToggleBothWays() {
    Perturbation c = Perturbations.contractions();
    List<String> outs = new ArrayList<>();
    for (long s = 0; s < 20; s++) {
      outs.add(c.apply("I am sure I don't have it", new SplittableRandom(s)));
    }
    assertThat(outs).allMatch(o -> o.equals("I'm sure I do not have it") || o.equals("Im sure I do not have it"));
    assertThat(outs).contains("I'm sure I do not have it", "Im sure I do not have it");
    assertThat(c.apply("Why Can't I pay", new SplittableRandom(1))).isEqualTo("Why Cannot I pay");
  }

  @Test
  void casingPunctuationAndWhitespaceKeepTheWords() {
    String text = "Where is my new card, please?";
    for (long s = 0; s < 30; s++) {
      SplittableRandom r = new SplittableRandom(s);
      assertThat(Perturbations.casing().apply(text, r).toLowerCase()).isEqualTo(text.toLowerCase());
      assertThat(words(Perturbations.punctuation().apply(text, r))).isEqualTo(words(text));
      assertThat(Perturbations.whitespace().apply(text, r).trim().split("\\s+")).containsExactly(text.split(" "));
    }
  }

  @Test
  void namedSelectsAndRejectsUnknownNames() {
    assertThat(Perturbations.named("all")).extracting(Perturbation::name).containsExactlyElementsOf(Perturbations.NAMES);
    assertThat(Perturbations.named("typos, casing")).extracting(Perturbation::name).containsExactly("typos", "casing");
    assertThatThrownBy(() -> Perturbations.named("typos,emoji")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'emoji'");
    assertThatThrownBy(() -> Perturbations.typos(0.5, 0, 0)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> Perturbations.typos(25, 1.5, 0)).isInstanceOf(ConfigurationException.class);
  }

  private static String words(String s) {
    return s.replaceAll("[\\p{Punct}]", "").replaceAll("\\s+", " ").trim();
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
