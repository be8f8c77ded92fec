package io.intentops.capture;

import io.intentops.core.IntentOpsException;
import org.jspecify.annotations.Nullable;

/** A stored capture line is not a valid capture event; the message names the source and line. */
public class CaptureFormatException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public CaptureFormatException(String message) {
    super(message);
  }

  public CaptureFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
