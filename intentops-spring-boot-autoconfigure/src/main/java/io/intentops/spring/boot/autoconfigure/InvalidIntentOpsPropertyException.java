package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.ConfigurationException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A property under {@code intentops.*} has a value the runtime cannot use: a missing bundle, a wrong
 * version, a malformed rollout rule, a version the registry does not allow. Startup fails with it and
 * {@link IntentOpsFailureAnalyzer} prints one message naming the property. Immutable.
 */
public class InvalidIntentOpsPropertyException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final @Nullable String value;

  /**
   * An exception.
   *
   * @param property the full property name, e.g. {@code intentops.model.path}
   * @param value its value as configured, or null when unset
   * @param reason what is wrong with it
   */
  public InvalidIntentOpsPropertyException(String property, @Nullable String value, String reason) {
    super(Objects.requireNonNull(property, "property") + (value == null ? " (unset)" : "=" + value) + ": " + reason);
    this.property = property;
    this.value = value;
    this.reason = reason;
  }

  private final String reason;

  /** The property name. */
  public String property() {
    return property;
  }

  /** The configured value, or null when unset. */
  public @Nullable String value() {
    return value;
  }

  /** What is wrong with the value. */
  public String reason() {
    return reason;
  }
}
