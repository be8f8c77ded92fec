package io.intentops.eval.report;

import io.intentops.core.IntentOpsException;
import org.jspecify.annotations.Nullable;

/** An {@code eval.json} file is missing, malformed or of an unknown schema version; the message names the file and position. */
public class ReportFormatException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public ReportFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
