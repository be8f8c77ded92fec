package io.intentops.eval.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.intentops.core.InvalidInputException;
import java.util.Locale;

/** Which part of the data a section was measured on; gates compare {@code train} with {@code validation}. */
public enum Role {
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
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.id().equalsIgnoreCase(s)) {
        return r;
      }
    }
    throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
        "Unknown role '" + s + "'; expected train, validation or test");
  }
}
