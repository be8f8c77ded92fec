package io.intentops.samples.springboot;

/** No model is serving yet (the starter's warm-up has not finished, or failed); answered with 503. */
final class ModelNotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ModelNotReadyException(String message) {
    super(message);
  }
}
