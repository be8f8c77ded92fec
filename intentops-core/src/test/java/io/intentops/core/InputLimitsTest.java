package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException.Reason;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class InputLimitsTest {
  private final InputLimits limits = InputLimits.custom().maxChars(100).maxTokens(16).build();

  private static Reason reasonOf(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e.reason();
    }
    throw new AssertionError("expected InvalidInputException");
  }

  @Test
  void rejectsEachBadInputWithItsReason() {
    assertThat(reasonOf(() -> limits.validate(null))).isEqualTo(Reason.NULL);
    assertThat(reasonOf(() -> limits.validate(""))).isEqualTo(Reason.EMPTY);
    assertThat(reasonOf(() -> limits.validate(" \t\n\u00a0\u200b"))).isEqualTo(Reason.BLANK);
    assertThat(reasonOf(() -> limits.validate("x".repeat(101)))).isEqualTo(Reason.TOO_LONG);
    assertThat(reasonOf(() -> limits.validate("ab\uD800c"))).isEqualTo(Reason.INVALID_UTF16);
    assertThat(reasonOf(() -> limits.validate("ab\uDC00"))).isEqualTo(Reason.INVALID_UTF16);
    assertThat(reasonOf(() -> limits.validate("ab\uD800"))).isEqualTo(Reason.INVALID_UTF16);
  }

  @Test
  void messagesGiveNumbersNotText() {
    assertThatThrownBy(() -> limits.validate("secret".repeat(20)))
        .hasMessage("Text has 120 characters; the limit is 100")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> limits.validate("ab\uD800c")).hasMessageContaining("index 2");
  }

  @Test
  void acceptsValidUnicode() {
    String emoji = "card \uD83D\uDCB3 lost \u05E9\u05DC\u05D5\u05DD e\u0301";
    assertThat(limits.validate(emoji)).isSameAs(emoji);
    assertThat(limits.validate("x".repeat(100))).hasSize(100);
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> InputLimits.custom().maxChars(0).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> InputLimits.custom().maxTokens(2).build()).isInstanceOf(ConfigurationException.class);
    assertThat(InputLimits.defaults().maxTokens()).isEqualTo(InputLimits.DEFAULT_MAX_TOKENS);
  }

  @Property
  void anyWellFormedNonBlankShortStringIsAccepted(@ForAll @StringLength(min = 1, max = 100) String s) {
    boolean wellFormed = s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    boolean blank = s.chars().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.isISOControl(c) || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF);
    if (wellFormed && !blank) {
      assertThat(limits.validate(s)).isEqualTo(s);
    } else {
      assertThatThrownBy(() -> limits.validate(s)).isInstanceOf(InvalidInputException.class);
    }
  }
}
