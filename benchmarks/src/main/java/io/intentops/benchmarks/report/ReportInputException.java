package io.intentops.benchmarks.report;

import io.intentops.core.IntentOpsException;
import org.jspecify.annotations.Nullable;

/** A result file the report reads is missing a field, has the wrong type, or is not JSON; the message names file and field. */
public class ReportInputException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public ReportInputException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  public ReportInputException(String message) {
    super(message);
  }
}
