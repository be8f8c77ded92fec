package io.intentops.router;

import io.intentops.core.Entity;
import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a shadow version agrees with the stable version on one input. Must be thread-safe
 * and side-effect free; it runs on shadow threads.
 *
 * @param <O> output type
 */
@FunctionalInterface
public interface AgreementFunction<O> {

  /** Whether {@code shadow} agrees with {@code stable}. */
  boolean agrees(O stable, O shadow);

  /** Same intent label and same out-of-scope verdict. */
  static AgreementFunction<IntentPrediction> sameLabel() {
    return (a, b) -> a.label().equals(b.label()) && a.outOfScope() == b.outOfScope();
  }

  /** Same entities: identical (type, start, end) spans in the same order; scores are ignored. */
  static AgreementFunction<NerResult> sameEntities() {
    return (a, b) -> {
      List<Entity> x = a.entities();
      List<Entity> y = b.entities();
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        Entity p = x.get(i);
        Entity q = y.get(i);
        if (p.start() != q.start() || p.end() != q.end() || !p.type().equals(q.type())) {
          return false;
        }
      }
      return true;
    };
  }

  /** {@link Objects#equals(Object, Object)}. */
  static <O> AgreementFunction<O> equalOutputs() {
    return Objects::equals;
  }
}
