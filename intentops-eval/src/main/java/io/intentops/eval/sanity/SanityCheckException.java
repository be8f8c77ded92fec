package io.intentops.eval.sanity;

import io.intentops.core.IntentOpsException;

/** A sanity check failed: for example a model trained on shuffled labels scored above chance. */
public class SanityCheckException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public SanityCheckException(String message) {
    super(message);
  }
}
