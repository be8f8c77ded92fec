package io.intentops.eval.data;

import java.util.Objects;

/**
 * One text-classification example. Immutable and thread-safe.
 *
 * @param text the utterance
 * @param label its gold label (for CLINC150 out-of-scope examples, {@code oos})
 */
public record LabeledText(String text, String label) {
  public LabeledText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
  }
}
