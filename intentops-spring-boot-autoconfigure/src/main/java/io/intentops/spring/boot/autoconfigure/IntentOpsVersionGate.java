package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.ModelVersion;

/**
 * Asked at startup, before anything is served, whether a version may be served. The auto-configuration
 * defines one from {@code intentops.governance.*} when {@code intentops-governance} is on the classpath;
 * define your own bean to ask another registry. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface IntentOpsVersionGate {

  /**
   * Checks one served version.
   *
   * @param model the model name (the bundle manifest's, or {@code intentops.governance.model})
   * @param version the version
   * @param property the property that configured it, for the message
   * @throws InvalidIntentOpsPropertyException when the version may not be served (startup fails)
   */
  void check(String model, ModelVersion version, String property);
}
