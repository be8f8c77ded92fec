package io.intentops.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidIntentOpsPropertyException} anywhere in a startup failure's cause chain into
 * Boot's "APPLICATION FAILED TO START" report with one description naming the property and its value.
 * Registered in {@code META-INF/spring.factories}. Stateless.
 */
class IntentOpsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidIntentOpsPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidIntentOpsPropertyException cause) {
    String description = "Invalid IntentOps configuration: property '" + cause.property() + "' "
        + (cause.value() == null ? "is not set" : "has the value '" + cause.value() + "'") + ": " + cause.reason();
    String action = "Fix '" + cause.property() + "' (see docs/spring-boot.md for every intentops.* property).";
    return new FailureAnalysis(description, action, cause);
  }
}
