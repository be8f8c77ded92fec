package io.intentops.core;

/**
 * A model or bundle could not be loaded: unreadable or malformed manifest, unsupported format,
 * missing resource, or a runtime that refused the model. The message names the path or resource.
 */
public class ModelLoadException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
