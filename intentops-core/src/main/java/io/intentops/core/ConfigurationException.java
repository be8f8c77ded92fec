package io.intentops.core;

/**
 * A builder or configuration was given a value it cannot use (negative size, weights that do not sum
 * to 10000, unknown option). Thrown when the configuration is built, never later at request time.
 */
public class ConfigurationException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}
