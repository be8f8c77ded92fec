package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ShadowTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion SHADOW = ModelVersion.parse("1.1.0-2");

  /** A predictor that blocks until released, to fill the shadow queue deterministically. */
  static final class Gate implements Predictor<String, String> {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public String predict(String input) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return input.length() % 2 == 0 ? "even" : "odd";
    }

    @Override
    public ModelVersion version() {
      return SHADOW;
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 30 s").isTrue();
  }

  @Test
  void fullQueueDropsShadowWorkAndTheCallerIsUnaffected() throws Exception {
    Gate gate = new Gate();
    Predictor<String, String> stable = new Predictor<>() {
      @Override
      public String predict(String input) {
        return "even";
      }

      @Override
      public ModelVersion version() {
        return BLUE;
      }
    };
    try (Router<String, String> r = Router.<String, String>builder()
        .version(stable).version(gate).stable(BLUE)
        .shadow(ShadowConfig.custom(SHADOW, AgreementFunction.<String>equalOutputs())
            .shareBps(10_000).threads(1).queueCapacity(2).build())
        .build()) {
      assertThat(r.route("u", "ab").output()).isEqualTo("even");
      gate.entered.await(30, TimeUnit.SECONDS); // the single shadow thread is now busy
      for (int i = 0; i < 9; i++) {
        Routed<String> routed = r.route("u" + i, i % 2 == 0 ? "ab" : "abc"); // answered at once
        assertThat(routed.answeredBy()).isEqualTo(BLUE);
        assertThat(routed.output()).isEqualTo("even");
      }
      ShadowStats blocked = r.shadowStats();
      assertThat(blocked.submitted()).isEqualTo(3); // 1 running + 2 queued
      assertThat(blocked.dropped()).isEqualTo(7);
      assertThat(blocked.completed()).isZero();
      assertThat(blocked.agreementRate()).isNaN();

      gate.release.countDown();
      await(() -> r.shadowStats().completed() == 3);
      ShadowStats done = r.shadowStats();
      // Inputs "ab" (agrees), "ab" (i = 0, agrees), "abc" (i = 1, disagrees).
      assertThat(done.agreed()).isEqualTo(2);
      assertThat(done.agreementRate()).isEqualTo(2.0 / 3.0);
      assertThat(done.failed()).isZero();
    }
  }

  @Test
  void shadowShareSamplesAboutTheConfiguredFraction() throws Exception {
    TestPredictor blue = new TestPredictor("1.0.0-1", null, 0);
    TestPredictor shadow = new TestPredictor("1.1.0-2", null, 0).failEvery(5);
    try (Router<String, String> r = Router.<String, String>builder()
        .version(blue).version(shadow).stable(BLUE)
        .shadow(ShadowConfig.custom(SHADOW, (String a, String b) -> a.substring(8).equals(b.substring(8)))
            .shareBps(2_000).queueCapacity(20_000).build())
        .build()) {
      int n = 5_000;
      for (int i = 0; i < n; i++) {
        r.predict("k" + i, "q" + i);
      }
      await(() -> r.shadowStats().completed() + r.shadowStats().failed() == r.shadowStats().submitted());
      ShadowStats s = r.shadowStats();
      assertThat(s.dropped()).isZero();
      assertThat(s.submitted()).isBetween(1000L - 5 * 28, 1000L + 5 * 28); // binomial(5000, 0.2)
      assertThat(s.submitted()).isEqualTo(shadow.calls());
      assertThat(s.failed()).isEqualTo(shadow.failures());
      assertThat(s.agreementRate()).isEqualTo(1.0); // same answer text apart from the version prefix
      assertThat(blue.calls()).isEqualTo(n);
    }
  }

  @Test
  void agreementFunctionsCompareLabelsAndEntities() {
    ModelVersion v = BLUE;
    IntentPrediction a = new IntentPrediction("card_arrival", 0.9, List.of(new ScoredLabel("card_arrival", 0.9)),
        false, 0.1, v, Duration.ofMillis(3), false);
    IntentPrediction sameLabel = new IntentPrediction("card_arrival", 0.6, List.of(new ScoredLabel("card_arrival", 0.6)),
        false, 0.3, SHADOW, Duration.ofMillis(9), false);
    IntentPrediction oos = new IntentPrediction("card_arrival", 0.6, List.of(new ScoredLabel("card_arrival", 0.6)),
        true, 0.9, SHADOW, Duration.ofMillis(9), false);
    IntentPrediction other = new IntentPrediction("top_up", 0.6, List.of(new ScoredLabel("top_up", 0.6)),
        false, 0.3, SHADOW, Duration.ofMillis(9), false);
    assertThat(AgreementFunction.sameLabel().agrees(a, sameLabel)).isTrue();
    assertThat(AgreementFunction.sameLabel().agrees(a, oos)).isFalse();
    assertThat(AgreementFunction.sameLabel().agrees(a, other)).isFalse();

    NerResult n1 = new NerResult(List.of(new Entity("person", 0, 3, "Ann", 0.9)), v, Duration.ZERO, false);
    NerResult n2 = new NerResult(List.of(new Entity("person", 0, 3, "Ann", 0.4)), SHADOW, Duration.ZERO, false);
    NerResult n3 = new NerResult(List.of(new Entity("location", 0, 3, "Ann", 0.9)), SHADOW, Duration.ZERO, false);
    NerResult n4 = new NerResult(List.of(), SHADOW, Duration.ZERO, false);
    assertThat(AgreementFunction.sameEntities().agrees(n1, n2)).isTrue();
    assertThat(AgreementFunction.sameEntities().agrees(n1, n3)).isFalse();
    assertThat(AgreementFunction.sameEntities().agrees(n1, n4)).isFalse();
  }
}
