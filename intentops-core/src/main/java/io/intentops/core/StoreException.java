package io.intentops.core;

/**
 * A durable store (routing state, registry, audit log) could not be read or written, or a
 * compare-and-set lost against a concurrent writer and could not be retried. The message names the
 * store location.
 */
public class StoreException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
