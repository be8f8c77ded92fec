package io.intentops.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.core.NerResult;

/**
 * Fuzzes NER end to end (validation, whitespace split, DJL tokenizer, 16-token overlapping windows,
 * ONNX Runtime, BIO decoding): any text gives entities satisfying {@link NerInvariants} or a typed
 * rejection.
 */
class NerPredictFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void predict(String text) {
    NerResult r = Typed.resultOrRejection(() -> NerModel.PREDICTOR.predict(text));
    if (r == null) {
      return;
    }
    NerInvariants.check(text, r.entities(), NerModel.TYPES);
  }
}
