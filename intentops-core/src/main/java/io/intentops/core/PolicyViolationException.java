package io.intentops.core;

/**
 * A governance rule refused an action: a release policy denied a version, an approval broke
 * separation of duties, or a lifecycle transition is illegal. The message names the rule.
 */
public class PolicyViolationException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public PolicyViolationException(String message) {
    super(message);
  }
}
