package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.intentops.core.InvalidInputException;
import java.util.Locale;

/**
 * The dataset split a report section was measured on ({@code role} in {@code eval.json}); gates compare
 * {@code train} with {@code validation}. Not to be confused with the approver roles of governance.
 */
public enum SplitRole {
  /** Training data (for the train-validation gap). */
  TRAIN,
  /** Held-out validation data. */
  VALIDATION,
  /** The test split: the headline numbers. */
  TEST;

  /** JSON name: lower case. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name, case-insensitively. */
  @JsonCreator
  public static SplitRole parse(String s) {
    for (SplitRole r : values()) {
      if (r.id().equalsIgnoreCase(s)) {
        return r;
      }
    }
    throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
        "Unknown split role '" + s + "'; expected train, validation or test");
  }
}
