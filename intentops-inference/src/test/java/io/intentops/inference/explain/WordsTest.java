package io.intentops.inference.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
  private static List<String> words(String text) {
    return Words.split(text).stream().map(s -> text.substring(s[0], s[1])).toList();
  }

  @Test
  void splitsOnWhitespaceRunsKeepingPunctuationUrlsAndEmojiInTheirWord() {
    assertThat(words("  my\tcard,\u00a0please!\n")).containsExactly("my", "card,", "please!");
    assertThat(words("see https://x.io/a?b=1 \uD83D\uDC69\u200D\uD83D\uDCBB ok")).containsExactly("see",
        "https://x.io/a?b=1", "\uD83D\uDC69\u200D\uD83D\uDCBB", "ok");
    assertThat(words("cafe\u0301 na\u00efve")).containsExactly("cafe\u0301", "na\u00efve");
  }

  @Test
  void hanAndKanaCharactersAreWordsOfTheirOwnWithTheirMarks() {
    assertThat(words("我的卡 card")).containsExactly("我", "的", "卡", "card");
    assertThat(words("ab\u30ab\u3099cd")).containsExactly("ab", "\u30ab\u3099", "cd");
    assertThat(words("\uD840\uDC00x")).containsExactly("\uD840\uDC00", "x"); // supplementary Han
  }

  @Test
  void blankTextHasNoWords() {
    assertThat(Words.split("")).isEmpty();
    assertThat(Words.split(" \u2003\u00a0\n")).isEmpty();
  }
}
