package io.intentops.governance.policy;

import io.intentops.core.ConfigurationException;

/**
 * A policy or metric catalogue could not be loaded. The message starts with the source and the JSON
 * path of the offending element, e.g. {@code rules[2].when.metrics.acc: unknown metric}.
 */
public class PolicyFormatException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  private final String jsonPath;

  public PolicyFormatException(String source, String jsonPath, String problem) {
    super(jsonPath + ": " + problem + " (in " + source + ")");
    this.jsonPath = jsonPath;
  }

  /** JSON path of the offending element ({@code $} for the document). */
  public String jsonPath() {
    return jsonPath;
  }
}
