package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.NerResult;
import io.intentops.inference.observation.DefaultInferenceObservationConvention;
import io.intentops.inference.observation.InferenceObservationContext;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NER predictor's observations: model load and one inference_forward per prediction, same answers. */
class NerObservationTest {
  @TempDir static Path dir;

  @Test
  void modelLoadAndEachPredictionAreObservedWithoutChangingTheAnswer() {
    HfTinyModel.write(dir);
    List<InferenceObservationContext> stopped = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<InferenceObservationContext>() {
      @Override
      public void onStop(InferenceObservationContext c) {
        stopped.add(c);
      }

      @Override
      public boolean supportsContext(Observation.Context c) {
        return c instanceof InferenceObservationContext;
      }
    });
    String text = "John Smith flew to Paris";
    try (NerPredictor plain = NerPredictor.builder().huggingFace(dir).build();
        NerPredictor observed = NerPredictor.builder().huggingFace(dir).observationRegistry(registry).build()) {
      assertThat(stopped).extracting(Observation.Context::getContextualName).containsExactly("model_load");
      NerResult a = plain.predict(text);
      NerResult b = observed.predict(text);
      assertThat(b.entities()).isEqualTo(a.entities());
      observed.scoreWords(text);
      assertThat(stopped).extracting(Observation.Context::getContextualName)
          .containsExactly("model_load", "inference_forward", "inference_forward");
      for (InferenceObservationContext c : stopped) {
        assertThat(c.getLowCardinalityKeyValue(DefaultInferenceObservationConvention.TASK).getValue()).isEqualTo("ner");
        assertThat(c.getLowCardinalityKeyValue(DefaultInferenceObservationConvention.MODEL_VERSION).getValue())
            .isEqualTo("0.0.0-0");
        assertThat(c.getAllKeyValues()).extracting(KeyValue::getValue).doesNotContain(text);
      }
      assertThat(plain).isNotInstanceOf(io.intentops.inference.ner.internal.ObservedNerPredictor.class);
    }
  }
}
