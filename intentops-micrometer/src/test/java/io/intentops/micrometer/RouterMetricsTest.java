package io.intentops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.Router;
import io.intentops.router.SloConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");

  static Predictor<String, String> predictor(ModelVersion v, ManualClock clock, boolean fail) {
    return new Predictor<>() {
      @Override
      public String predict(String input) {
        if (input.isEmpty()) {
          throw new InvalidInputException(InvalidInputException.Reason.EMPTY, "empty");
        }
        clock.advanceMillis(10);
        if (fail) {
          throw new InferenceException("down");
        }
        return input;
      }

      @Override
      public ModelVersion version() {
        return v;
      }
    };
  }

  @Test
  void metersPerVersionFollowRequestsWeightsAndRollbacks() {
    ManualClock clock = ManualClock.create();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Router<String, String> router = Router.<String, String>builder().clock(clock)
        .slo(SloConfig.custom().minRequestsPerWindow(1).breachingWindows(1).build())
        .version(predictor(BLUE, clock, false)).version(predictor(GREEN, clock, true))
        .stable(BLUE).candidate(GREEN, 10_000).build();
    RouterMetrics.bind(router, registry);

    assertThat(registry.get("intentops.router.weight").tag("version", "1.1.0-2").gauge().value()).isEqualTo(10_000);
    assertThat(registry.get("intentops.router.weight").tag("version", "1.0.0-1").gauge().value()).isZero();
    for (int i = 0; i < 3; i++) {
      router.predict("u" + i, "hi"); // green fails, blue answers
    }
    try {
      router.predict("u", "");
    } catch (InvalidInputException expected) {
      // client error on green
    }
    String g = "1.1.0-2";
    assertThat(registry.get("intentops.router.requests").tag("version", g).counter().count()).isEqualTo(4);
    assertThat(registry.get("intentops.router.errors").tags("version", g, "type", "server").counter().count()).isEqualTo(3);
    assertThat(registry.get("intentops.router.errors").tags("version", g, "type", "client").counter().count()).isEqualTo(1);
    assertThat(registry.get("intentops.router.fallbacks").tag("version", g).counter().count()).isEqualTo(3);
    assertThat(registry.get("intentops.router.requests").tag("version", "1.0.0-1").counter().count()).isEqualTo(3);
    assertThat(registry.get("intentops.router.latency").tag("version", "1.0.0-1").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(30.0);

    for (int i = 0; i < 30; i++) {
      router.predict("u" + i, "hi"); // the canary judge rolls back on evidence, not on three requests
    }
    clock.advance(Duration.ofSeconds(61));
    router.controller().tick();
    assertThat(registry.get("intentops.router.rollbacks").tag("version", g).counter().count()).isEqualTo(1);
    assertThat(registry.get("intentops.router.weight").tag("version", g).gauge().value()).isZero();
    assertThat(registry.get("intentops.router.weight").tag("version", "1.0.0-1").gauge().value()).isEqualTo(10_000);
    assertThat(registry.get("intentops.router.shadow.dropped").functionCounter().count()).isZero();
  }
}
