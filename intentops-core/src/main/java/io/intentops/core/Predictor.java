package io.intentops.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A model version that turns inputs into outputs. Implementations must be thread-safe: one instance
 * serves concurrent callers. Routers, shadows and the eval harness are generic over this interface.
 *
 * @param <I> input type, e.g. {@code String}
 * @param <O> output type, e.g. {@link IntentPrediction} or {@link NerResult}
 */
public interface Predictor<I, O> extends AutoCloseable {

  /**
   * Predicts one input.
   *
   * @throws InvalidInputException when the input is rejected (a client error)
   * @throws InferenceException when the model fails (a server error)
   */
  O predict(I input);

  /**
   * Predicts several inputs; the result has one output per input, in order. The default calls
   * {@link #predict(Object)} in a loop; implementations batch where the runtime allows it. If any
   * input is invalid the whole call fails with {@link InvalidInputException} naming its index.
   */
  default List<O> predictBatch(List<? extends I> inputs) {
    List<O> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      try {
        out.add(predict(inputs.get(i)));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.reason(), "Batch item " + i + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The version this predictor serves. */
  ModelVersion version();

  /** Releases native resources. Idempotent; predictions after close fail with {@link InferenceException}. */
  @Override
  default void close() {}
}
