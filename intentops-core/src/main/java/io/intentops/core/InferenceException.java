package io.intentops.core;

/**
 * Prediction failed for a reason that is not the caller's input: the runtime raised an error, the
 * predictor was closed, or the model produced non-finite scores. Routers count it as a server error
 * of the version that threw it.
 */
public class InferenceException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
