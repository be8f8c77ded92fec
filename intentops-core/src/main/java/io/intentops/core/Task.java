package io.intentops.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model bundle does. Serialised in manifests as {@code "intent"} or {@code "ner"}. */
public enum Task {
  /** Text classification into intents, with out-of-scope detection. */
  INTENT("intent"),
  /** Token classification into BIO-tagged entities. */
  NER("ner");

  private final String id;

  Task(String id) {
    this.id = id;
  }

  /** The manifest name of this task. */
  @JsonValue
  public String id() {
    return id;
  }

  /** Parses a manifest task name, case-insensitively. */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static Task parse(String id) {
    for (Task t : values()) {
      if (t.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new InvalidInputException(
        InvalidInputException.Reason.INVALID_ARGUMENT, "Unknown task '" + id + "'; expected 'intent' or 'ner'");
  }
}
