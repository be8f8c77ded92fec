package io.intentops.inference.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.TestBundlesAccess;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage observations of an intent predictor over the tiny test bundle. */
class StageObservationTest {
  @TempDir static Path tmp;

  /** Records every stopped observation's context (with its parent) in stop order. */
  static final class Recorder implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    final List<Observation.Context> started = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(Observation.Context context) {
      started.add(context);
    }

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    List<String> names() {
      return stopped.stream().map(Observation.Context::getContextualName).collect(Collectors.toList());
    }
  }

  @Test
  void everyStageIsOneChildObservationWithTheModelVersionAsALowCardinalityKeyAndNeverTheText() throws Exception {
    Path bundle = TestBundlesAccess.write(tmp.resolve("tiny"));
    Recorder rec = new Recorder();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(rec);
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).clock(ManualClock.create())
        .observationRegistry(registry).build()) {
      assertThat(rec.names()).containsExactly("model_load");
      InferenceObservationContext load = (InferenceObservationContext) rec.stopped.get(0);
      assertThat(load.getLowCardinalityKeyValue(DefaultInferenceObservationConvention.MODEL_VERSION).getValue())
          .isEqualTo("1.2.0-7");
      assertThat(load.getName()).isEqualTo(DefaultInferenceObservationConvention.NAME);
      rec.stopped.clear();

      String text = "I still haven't received my card";
      IntentPrediction out = Observation.createNotStarted("request", registry).observe(() -> p.predict(text));
      assertThat(out.label()).isEqualTo("card_arrival");
      assertThat(rec.names()).containsExactly("preprocess", "inference_forward", "oos_scoring", "calibration", null);
      Observation.Context request = rec.stopped.get(4);
      for (Observation.Context c : rec.stopped.subList(0, 4)) {
        InferenceObservationContext ic = (InferenceObservationContext) c;
        assertThat(ic.getParentObservation().getContextView()).isSameAs(request);
        assertThat(ic.getLowCardinalityKeyValues()).extracting(KeyValue::getKey).containsExactlyInAnyOrder(
            DefaultInferenceObservationConvention.STAGE, DefaultInferenceObservationConvention.TASK,
            DefaultInferenceObservationConvention.MODEL_NAME, DefaultInferenceObservationConvention.MODEL_VERSION);
        assertThat(ic.getLowCardinalityKeyValue(DefaultInferenceObservationConvention.MODEL_VERSION).getValue())
            .isEqualTo("1.2.0-7");
        assertThat(ic.getLowCardinalityKeyValue(DefaultInferenceObservationConvention.STAGE).getValue())
            .isEqualTo(ic.stage().id());
        assertThat(ic.getHighCardinalityKeyValue(DefaultInferenceObservationConvention.BATCH_SIZE).getValue())
            .isEqualTo("1");
        assertThat(ic.getAllKeyValues()).extracting(KeyValue::getValue).doesNotContain(text);
      }

      rec.stopped.clear();
      p.predictBatch(List.of("the top up was declined again", "what rate do you use to convert dollars"));
      assertThat(rec.names()).containsExactly("preprocess", "inference_forward", "oos_scoring", "calibration");
      assertThat(((InferenceObservationContext) rec.stopped.get(1)).batchSize()).isEqualTo(2);

      rec.stopped.clear();
      assertThatThrownBy(() -> p.predict(" ")).isInstanceOf(InvalidInputException.class);
      assertThat(rec.stopped).isEmpty(); // rejected before any stage runs
    }
  }

  @Test
  void aCustomConventionRenamesTheObservations() throws Exception {
    Path bundle = TestBundlesAccess.write(tmp.resolve("tiny2"));
    Recorder rec = new Recorder();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(rec);
    InferenceObservationConvention custom = new DefaultInferenceObservationConvention() {
      @Override
      public String getName() {
        return "nlu.stage";
      }
    };
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).observationRegistry(registry)
        .observationConvention(custom).build()) {
      p.predict("the top up was declined again");
      assertThat(rec.stopped).extracting(Observation.Context::getName).containsOnly("nlu.stage");
    }
  }

  @Test
  void withoutARegistryOrWithoutHandlersNothingIsObserved() throws Exception {
    Path bundle = TestBundlesAccess.write(tmp.resolve("tiny3"));
    ObservationRegistry noHandlers = ObservationRegistry.create();
    assertThat(noHandlers.isNoop()).isTrue();
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).observationRegistry(noHandlers)
        .build()) {
      assertThat(p.predict("I still haven't received my card").label()).isEqualTo("card_arrival");
    }
    assertThat(io.intentops.inference.observation.internal.StageObserver.of(noHandlers, null, "intent"))
        .isSameAs(io.intentops.inference.observation.internal.StageObserver.NONE);
  }
}
