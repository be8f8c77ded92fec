package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentOpsException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The property every fuzz target checks: a reader either returns a result or throws a typed
 * {@link IntentOpsException} with a message. Any other throwable (NullPointerException,
 * IllegalArgumentException, ArithmeticException, OutOfMemoryError, StackOverflowError...) escapes and
 * is reported by Jazzer as a finding.
 */
final class Typed {
  private Typed() {}

  /** The result, or null when {@code call} rejected the input with a typed exception. */
  static <T> @Nullable T resultOrRejection(Supplier<T> call) {
    try {
      return call.get();
    } catch (IntentOpsException e) {
      assertThat(e.getMessage()).as("rejection message of %s", e.getClass().getName()).isNotBlank();
      return null;
    }
  }
}
