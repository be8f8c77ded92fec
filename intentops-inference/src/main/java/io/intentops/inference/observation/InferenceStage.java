package io.intentops.inference.observation;

import java.util.Locale;

/** A stage of a prediction that is observed on its own. Immutable. */
public enum InferenceStage {
  /** Reading, verifying and opening a bundle (ONNX Runtime session creation); once per predictor. */
  MODEL_LOAD,
  /** Tokenisation of the batch's texts. */
  PREPROCESS,
  /**
   * The model run: for intent models the ONNX Runtime encoder run(s), pooling and the linear head; for
   * NER models the whole prediction (tokenisation, windowed encoder runs, BIO decoding).
   */
  INFERENCE_FORWARD,
  /** Temperature softmax, top-k selection and the out-of-scope verdict. */
  CALIBRATION,
  /** Out-of-scope scoring (kNN cosine, energy or max-softmax). */
  OOS_SCORING;

  /** The stage id, e.g. {@code inference_forward}: the contextual (span) name and the {@code intentops.stage} tag. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
