package io.intentops.router;

import io.intentops.core.IntentOpsException;

/**
 * A rollout operation is not allowed in the current routing state, for example promoting a candidate
 * that the SLO alarm has already rolled back, or weighting an unknown version. The message names the
 * version and its phase. Nothing was changed.
 */
public class RolloutStateException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public RolloutStateException(String message) {
    super(message);
  }
}
