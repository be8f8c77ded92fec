package io.intentops.core;

/**
 * The caller passed input that cannot be predicted on: null, empty or blank text, text over the
 * configured character limit, invalid UTF-16 (lone surrogates), or a malformed request. These are
 * client errors: routers never count them against a model version's SLO.
 */
public class InvalidInputException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected; stable across releases so callers can map it to an error code. */
  public enum Reason {
    NULL,
    EMPTY,
    BLANK,
    TOO_LONG,
    INVALID_UTF16,
    INVALID_ARGUMENT
  }

  private final Reason reason;

  public InvalidInputException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The machine-readable reason for the rejection. */
  public Reason reason() {
    return reason;
  }
}
