package io.intentops.eval.explain;

/** Explains one text: its words with attributions for the predicted intent. Must be thread-safe if shared. */
@FunctionalInterface
public interface Attributor {
  /** The attributions of {@code text}. */
  AttributedText explain(String text);
}
