package io.intentops.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception IntentOps throws on purpose. Unchecked, so callers catch it where they can
 * act on it; each subclass names one kind of failure and carries a message that names the offending
 * input (file, field, value) without echoing full user text.
 */
public class IntentOpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntentOpsException(String message) {
    super(message);
  }

  public IntentOpsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
