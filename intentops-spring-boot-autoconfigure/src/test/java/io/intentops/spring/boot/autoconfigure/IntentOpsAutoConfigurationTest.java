package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.IntentPrediction;
import io.intentops.router.CandidateState;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration from properties, one release-plan setting per test, over the reference
 * BANKING77 bundle. Bad values must fail startup with {@link InvalidIntentOpsPropertyException} naming
 * the property, and {@link IntentOpsFailureAnalyzer} must turn it into one message.
 */
class IntentOpsAutoConfigurationTest {
  @TempDir Path tmp;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(IntentOpsAutoConfiguration.class, IntentOpsGovernanceAutoConfiguration.class))
      .withPropertyValues("intentops.model.path=" + Bundles.REFERENCE, "intentops.model.intra-op-threads=1");

  static void assertFailsNaming(AssertableApplicationContext ctx, String property, String reason) {
    assertThat(ctx).hasFailed();
    Throwable failure = ctx.getStartupFailure();
    FailureAnalysis analysis = new IntentOpsFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
    assertThat(analysis.getDescription()).contains("property '" + property + "'").contains(reason);
    assertThat(analysis.getAction()).contains(property);
  }

  static IntentPrediction predict(AssertableApplicationContext ctx, String text) {
    return ctx.getBean(IntentOpsService.class).predict("user-1", text).prediction();
  }

  @Test
  void modelPathServesTheBundleAndTheServiceAnswers() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(IntentOpsService.class).hasSingleBean(DriftMonitor.class);
      IntentPrediction p = predict(ctx, "I still haven't received my new card");
      assertThat(p.label()).isEqualTo("card_arrival");
      assertThat(p.modelVersion().toString()).isEqualTo(Bundles.REFERENCE_VERSION);
      assertThat(ctx.getBean(IntentOpsRuntime.class).router().versions()).hasSize(1);
    });
  }

  @Test
  void aMissingBundleFailsStartupNamingModelPath() {
    runner.withPropertyValues("intentops.model.path=" + tmp.resolve("nothing-here")).run(ctx ->
        assertFailsNaming(ctx, "intentops.model.path", "is not a bundle directory"));
    runner.withPropertyValues("intentops.model.path=classpath:no/such/bundle").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.path", "no bundle on the classpath"));
    runner.withPropertyValues("intentops.model.path=").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.path", "must be set"));
  }

  @Test
  void modelVersionMustMatchTheBundle() {
    runner.withPropertyValues("intentops.model.version=" + Bundles.REFERENCE_VERSION).run(ctx ->
        assertThat(ctx).hasNotFailed());
    runner.withPropertyValues("intentops.model.version=2.0.0-1").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.version", "is version 1.0.0-1"));
    runner.withPropertyValues("intentops.model.version=not-a-version").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.version", "not-a-version"));
  }

  @Test
  void maxTokensTruncatesLongTexts() {
    String longText = "I ordered a new card two weeks ago and it still has not arrived at my home address, "
        + "could you please check where it is and when it will be delivered";
    runner.run(ctx -> assertThat(predict(ctx, longText).truncated()).isFalse());
    runner.withPropertyValues("intentops.model.max-tokens=8").run(ctx ->
        assertThat(predict(ctx, longText).truncated()).isTrue());
    runner.withPropertyValues("intentops.model.max-tokens=2").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.max-tokens", "maxTokens must be >= 3"));
  }

  /** Records on which thread each observation started. */
  static final class Threads implements ObservationHandler<Observation.Context> {
    final List<String> preprocessThreads = new CopyOnWriteArrayList<>();

    @Override
    public void onStop(Observation.Context c) { // contextual names are set by the convention at stop
      if ("preprocess".equals(c.getContextualName())) {
        preprocessThreads.add(Thread.currentThread().getName());
      }
    }

    @Override
    public boolean supportsContext(Observation.Context c) {
      return true;
    }
  }

  @Test
  void enableBatchRunsPredictionsOnTheMicroBatcher() {
    for (boolean batch : new boolean[] {false, true}) {
      Threads threads = new Threads();
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(threads);
      runner.withBean(ObservationRegistry.class, () -> registry)
          .withPropertyValues("intentops.batch.enabled=" + batch).run(ctx -> {
            predict(ctx, "how do I top up my account");
            assertThat(threads.preprocessThreads).hasSize(1);
            if (batch) {
              assertThat(threads.preprocessThreads.get(0)).isNotEqualTo(Thread.currentThread().getName());
            } else {
              assertThat(threads.preprocessThreads.get(0)).isEqualTo(Thread.currentThread().getName());
            }
          });
    }
    runner.withPropertyValues("intentops.batch.enabled=true", "intentops.batch.max-size=0").run(ctx ->
        assertFailsNaming(ctx, "intentops.batch.max-size", "micro-batch size must be >= 1"));
  }

  @Test
  void driftThresholdConfiguresTheDriftMonitor() {
    runner.withPropertyValues("intentops.drift.threshold=0.4").run(ctx ->
        assertThat(ctx.getBean(DriftMonitor.class).threshold()).isEqualTo(0.4));
    runner.withPropertyValues("intentops.drift.threshold=-1").run(ctx ->
        assertFailsNaming(ctx, "intentops.drift.threshold", "positive"));
  }

  @Test
  void calibrationParamsPathReplacesTheOosThreshold() throws Exception {
    Path always = Files.writeString(tmp.resolve("always.json"), "{\"oos_threshold\": -1e9}");
    Path never = Files.writeString(tmp.resolve("never.json"), "{\"oos_threshold\": 1e9}");
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\n  \"oos_treshold\": 0.3\n}");
    String text = "I still haven't received my new card";
    runner.withPropertyValues("intentops.model.calibration-params-path=" + always).run(ctx ->
        assertThat(predict(ctx, text).outOfScope()).isTrue());
    runner.withPropertyValues("intentops.model.calibration-params-path=" + never).run(ctx ->
        assertThat(predict(ctx, "what is the weather on mars tomorrow").outOfScope()).isFalse());
    runner.withPropertyValues("intentops.model.calibration-params-path=" + bad).run(ctx ->
        assertFailsNaming(ctx, "intentops.model.calibration-params-path", "line 2"));
  }

  @Test
  void enableAbRoutingServesTheCandidateAtItsWeightOrOnItsPlan() {
    Path candidate = Bundles.copyWithVersion(tmp.resolve("candidate"), "1.1.0-2");
    ApplicationContextRunner ab = runner.withPropertyValues("intentops.features.enable-ab-routing=true",
        "intentops.router.candidate.path=" + candidate);
    ab.withPropertyValues("intentops.router.candidate.weight-bps=2500").run(ctx -> {
      var state = ctx.getBean(IntentOpsRuntime.class).router().state();
      assertThat(state.weights().toString()).isEqualTo("{1.0.0-1=7500, 1.1.0-2=2500}");
      assertThat(state.candidates().get(0).phase()).isEqualTo(CandidateState.Phase.FIXED);
    });
    ab.withPropertyValues("intentops.router.candidate.rollout=1000@15m,5000@PT30M").run(ctx -> {
      CandidateState c = ctx.getBean(IntentOpsRuntime.class).router().state().candidates().get(0);
      assertThat(c.phase()).isEqualTo(CandidateState.Phase.RAMPING);
      assertThat(c.weightBps()).isEqualTo(1000);
      assertThat(c.plan().steps().get(1).hold()).hasMinutes(30);
    });
    // Without the flag the candidate is not served: ModelSourceAndEndpointTest (no model load needed there).
  }

  @Test
  void malformedRolloutAndSloRulesFailStartupNamingTheProperty() {
    Path candidate = Bundles.copyWithVersion(tmp.resolve("candidate"), "1.1.0-2");
    ApplicationContextRunner ab = runner.withPropertyValues("intentops.features.enable-ab-routing=true",
        "intentops.router.candidate.path=" + candidate);
    ab.withPropertyValues("intentops.router.candidate.rollout=1000@15m,ten@15m").run(ctx ->
        assertFailsNaming(ctx, "intentops.router.candidate.rollout", "step 1 'ten@15m' is not weightBps@hold"));
    ab.withPropertyValues("intentops.router.candidate.rollout=5000@15m,1000@15m").run(ctx ->
        assertFailsNaming(ctx, "intentops.router.candidate.rollout", "must strictly increase"));
    ab.withPropertyValues("intentops.router.slo.max-server-error-rate=2").run(ctx ->
        assertFailsNaming(ctx, "intentops.router.slo.max-server-error-rate", "2.0"));
  }

  @Test
  void enableQuantizedModelServesTheQuantizedPath() {
    Path int8 = Bundles.copyWithVersion(tmp.resolve("int8"), "1.0.0-2");
    runner.withPropertyValues("intentops.features.enable-quantized-model=true", "intentops.model.quantized-path=" + int8)
        .run(ctx -> assertThat(predict(ctx, "how do I top up my account").modelVersion().toString())
            .isEqualTo("1.0.0-2"));
    runner.withPropertyValues("intentops.features.enable-quantized-model=true").run(ctx ->
        assertFailsNaming(ctx, "intentops.model.quantized-path", "INT8 bundle"));
  }

  @Test
  void enableExplainabilityIsExposedToTheWebLayer() {
    runner.run(ctx -> assertThat(ctx.getBean(IntentOpsService.class).explainability()).isFalse());
    runner.withPropertyValues("intentops.features.enable-explainability=true").run(ctx ->
        assertThat(ctx.getBean(IntentOpsService.class).explainability()).isTrue());
  }

  @Test
  void explanationsFollowTheFlagAndTheWordLimit() {
    runner.run(ctx -> assertThatThrownBy(() -> ctx.getBean(IntentOpsService.class).explain("u", "where is my card"))
        .isInstanceOf(IntentOpsService.ExplainabilityDisabledException.class)
        .hasMessageContaining("intentops.features.enable-explainability"));
    runner.withPropertyValues("intentops.features.enable-explainability=true", "intentops.features.explain-max-words=4")
        .run(ctx -> {
          IntentOpsService service = ctx.getBean(IntentOpsService.class);
          var e = service.explain("u", "where is my card");
          assertThat(e.words()).extracting(w -> w.word()).containsExactly("where", "is", "my", "card");
          assertThat(e.prediction().label()).isEqualTo(predict(ctx, "where is my card").label());
          assertThatThrownBy(() -> service.explain("u", "where is my new card"))
              .isInstanceOfSatisfying(io.intentops.core.InvalidInputException.class,
                  x -> assertThat(x.reason()).isEqualTo(io.intentops.core.InvalidInputException.Reason.TOO_LONG));
        });
    runner.withPropertyValues("intentops.features.explain-max-words=0").run(ctx ->
        assertFailsNaming(ctx, "intentops.features.explain-max-words", "must be in [1, 512]"));
  }

  @Test
  void worksWithoutActuatorMicrometerTracingOrADataSource() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "io.micrometer.core",
            "io.micrometer.tracing", "javax.sql", "io.intentops.postgres", "io.intentops.governance"))
        .withConfiguration(AutoConfigurations.of(IntentOpsMetricsAutoConfiguration.class,
            IntentOpsActuatorAutoConfiguration.class, IntentOpsFleetAutoConfiguration.class))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(IntentOpsService.class)
              .doesNotHaveBean(IntentOpsEndpoint.class).doesNotHaveBean(IntentOpsHealthIndicator.class);
          assertThat(predict(ctx, "how do I top up my account").label()).isNotBlank();
        });
  }

  @Test
  void disabledMeansNoBeans() {
    runner.withPropertyValues("intentops.enabled=false").run(ctx ->
        assertThat(ctx).hasNotFailed().doesNotHaveBean(IntentOpsRuntime.class));
  }
}
