package io.intentops.core;

import io.intentops.core.InvalidInputException.Reason;

/**
 * Limits applied to every text a predictor accepts. Text longer than {@link #maxChars()} UTF-16 units
 * is rejected; text that tokenises to more than {@link #maxTokens()} tokens is truncated (and the
 * prediction flagged), never rejected. Immutable and thread-safe.
 *
 * <p>Build one with {@link #custom()}; {@link #defaults()} gives {@value #DEFAULT_MAX_CHARS}
 * characters and {@value #DEFAULT_MAX_TOKENS} tokens.
 *
 * @param maxChars largest accepted text length in UTF-16 code units, at least 1
 * @param maxTokens largest number of tokens (including special tokens) fed to the encoder, at least 3
 */
public record InputLimits(int maxChars, int maxTokens) {
  /** Default character limit: 10,000 UTF-16 code units. */
  public static final int DEFAULT_MAX_CHARS = 10_000;
  /** Default token limit: 128, enough for any BANKING77 query or WNUT-17 tweet. */
  public static final int DEFAULT_MAX_TOKENS = 128;

  private static final InputLimits DEFAULTS = new InputLimits(DEFAULT_MAX_CHARS, DEFAULT_MAX_TOKENS);

  public InputLimits {
    if (maxChars < 1) {
      throw new ConfigurationException("maxChars must be >= 1, got " + maxChars);
    }
    if (maxTokens < 3) {
      throw new ConfigurationException("maxTokens must be >= 3 (two special tokens plus one), got " + maxTokens);
    }
  }

  /** The default limits. */
  public static InputLimits defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Checks {@code text} and returns it unchanged when it is acceptable.
   *
   * @throws InvalidInputException with reason {@code NULL}, {@code EMPTY}, {@code BLANK},
   *     {@code TOO_LONG} or {@code INVALID_UTF16}; the message gives lengths and positions, never the text
   */
  public String validate(String text) {
    if (text == null) {
      throw new InvalidInputException(Reason.NULL, "Text must not be null");
    }
    int n = text.length();
    if (n == 0) {
      throw new InvalidInputException(Reason.EMPTY, "Text must not be empty");
    }
    if (n > maxChars) {
      throw new InvalidInputException(
          Reason.TOO_LONG, "Text has " + n + " characters; the limit is " + maxChars);
    }
    boolean blank = true;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          blank = false;
          i++;
          continue;
        }
        throw new InvalidInputException(
            Reason.INVALID_UTF16, "Text has an unpaired high surrogate at index " + i + " (invalid UTF-16)");
      }
      if (Character.isLowSurrogate(c)) {
        throw new InvalidInputException(
            Reason.INVALID_UTF16, "Text has an unpaired low surrogate at index " + i + " (invalid UTF-16)");
      }
      if (blank && !isBlankChar(c)) {
        blank = false;
      }
    }
    if (blank) {
      throw new InvalidInputException(Reason.BLANK, "Text must not be blank (" + n + " whitespace or control characters)");
    }
    return text;
  }

  private static boolean isBlankChar(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
        || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\uFEFF';
  }

  /** Builder for {@link InputLimits}; not thread-safe. */
  public static final class Builder {
    private int maxChars = DEFAULT_MAX_CHARS;
    private int maxTokens = DEFAULT_MAX_TOKENS;

    private Builder() {}

    /** Largest accepted text length in UTF-16 code units. */
    public Builder maxChars(int maxChars) {
      this.maxChars = maxChars;
      return this;
    }

    /** Largest number of tokens fed to the encoder; longer texts are truncated. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Validates and builds. */
    public InputLimits build() {
      return new InputLimits(maxChars, maxTokens);
    }
  }
}
