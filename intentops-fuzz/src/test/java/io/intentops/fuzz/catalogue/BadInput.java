package io.intentops.fuzz.catalogue;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One bad-input case: what is fed where, and what must happen. {@code run} returns a short
 * description of the behaviour when the input is accepted (it asserts that behaviour itself); the
 * expected exception type is null for inputs that must be accepted.
 *
 * @param id stable identifier (table row)
 * @param area the component that receives the input
 * @param input what the input is, in words
 * @param run feeds the input; returns the observed behaviour when it is accepted
 * @param expectedType exact exception class expected, or null when the input must be accepted
 * @param expectedMessage exact message expected (with the scratch directory as {@code $TMP}), or null
 */
record BadInput(String id, String area, String input, Callable<String> run,
    @Nullable Class<? extends Throwable> expectedType, @Nullable String expectedMessage) {

  static BadInput rejected(String id, String area, String input, Class<? extends Throwable> type, String message,
      Callable<?> run) {
    return new BadInput(id, area, input, () -> String.valueOf(run.call()), type, message);
  }

  static BadInput accepted(String id, String area, String input, Callable<String> run) {
    return new BadInput(id, area, input, run, null, null);
  }

  /** What actually happened: the thrown exception, or the accepted behaviour. */
  record Outcome(@Nullable Throwable thrown, @Nullable String behaviour) {}

  Outcome execute() {
    try {
      return new Outcome(null, run.call());
    } catch (Throwable t) { // the catalogue records whatever escapes, the test then judges it
      return new Outcome(t, null);
    }
  }
}
