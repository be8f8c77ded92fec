package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.router.CandidateState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An {@link IntentOpsModelSource} replaces the bundles (fake predictors, no ONNX Runtime); the
 * {@code intentops} endpoint reports the router state and its write operations change the rollout.
 */
class ModelSourceAndEndpointTest {
  static final ModelVersion STABLE = ModelVersion.parse("2.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("2.1.0-1");

  /** Answers every text with one label under its version; records whether it was closed. */
  static final class Fixed implements Predictor<String, IntentPrediction> {
    final ModelVersion version;
    final AtomicBoolean closed = new AtomicBoolean();

    Fixed(ModelVersion version) {
      this.version = version;
    }

    @Override
    public IntentPrediction predict(String text) {
      return new IntentPrediction("card_arrival", 0.9, List.of(new ScoredLabel("card_arrival", 0.9)), false, 0.1,
          version, Duration.ofMillis(1), false);
    }

    @Override
    public ModelVersion version() {
      return version;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** A caller with the given roles. */
  static SecurityContext caller(String... roles) {
    return new SecurityContext() {
      @Override
      public java.security.Principal getPrincipal() {
        return () -> "operator";
      }

      @Override
      public boolean isUserInRole(String role) {
        return List.of(roles).contains(role);
      }
    };
  }

  static final SecurityContext OPERATOR = caller("INTENTOPS_OPERATOR");

  private final Fixed stable = new Fixed(STABLE);
  private final Fixed candidate = new Fixed(CANDIDATE);
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(IntentOpsAutoConfiguration.class, IntentOpsActuatorAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=intentops",
          "management.endpoints.jmx.exposure.include=intentops")
      .withBean(IntentOpsModelSource.class, () -> () -> new IntentOpsModelSource.Models(stable, candidate, null));

  @Test
  void theModelSourceIsServedAndClosedWithTheContext() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(IntentOpsService.class).predict("k", "where is my card").prediction().modelVersion())
          .isEqualTo(STABLE);
      // The candidate is served only with enable_ab_routing.
      assertThat(ctx.getBean(IntentOpsRuntime.class).router().versions()).containsExactly(STABLE);
    });
    assertThat(stable.closed).isTrue();
    assertThat(candidate.closed).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEndpointShowsTheRouterStateAndItsWritesChangeTheRollout() {
    runner.withPropertyValues("intentops.features.enable-ab-routing=true", "intentops.router.candidate.rollout=500@1h,5000@1h")
        .run(ctx -> {
          IntentOpsEndpoint endpoint = ctx.getBean(IntentOpsEndpoint.class);
          Map<String, Object> state = endpoint.state();
          assertThat(state.get("stable")).isEqualTo(STABLE.toString());
          assertThat(state.get("weights")).isEqualTo(Map.of(STABLE.toString(), 9500, CANDIDATE.toString(), 500));
          Map<String, Object> c = ((List<Map<String, Object>>) state.get("candidates")).get(0);
          assertThat(c.get("phase")).isEqualTo("RAMPING");
          assertThat(c.get("plan")).isEqualTo(List.of("500@PT1H", "5000@PT1H"));
          assertThat(((Map<String, Object>) state.get("warmup")).get("state")).isEqualTo("PENDING");

          // Spring Security is on this test class path: callers without the operator role are refused.
          assertThat(endpoint.change("pause", CANDIDATE.toString(), null, SecurityContext.NONE).getStatus())
              .isEqualTo(403);
          assertThat(endpoint.change("pause", CANDIDATE.toString(), null, caller("USER")).getStatus()).isEqualTo(403);
          assertThat(ctx.getBean(IntentOpsRuntime.class).router().state().candidates().get(0).phase())
              .isEqualTo(CandidateState.Phase.RAMPING);
          WebEndpointResponse<Map<String, Object>> pause = endpoint.change("pause", CANDIDATE.toString(), null,
              OPERATOR);
          assertThat(pause.getStatus()).isEqualTo(200);
          assertThat(ctx.getBean(IntentOpsRuntime.class).router().state().candidates().get(0).phase())
              .isEqualTo(CandidateState.Phase.PAUSED);
          WebEndpointResponse<Map<String, Object>> abort = endpoint.change("abort", CANDIDATE.toString(), "bad canary",
              OPERATOR);
          assertThat(abort.getBody().get("weights")).isEqualTo(Map.of(STABLE.toString(), 10_000, CANDIDATE.toString(), 0));
          List<Map<String, Object>> events = (List<Map<String, Object>>) endpoint.state().get("events");
          assertThat(events).extracting(e -> e.get("kind")).containsSubsequence("PAUSED", "ABORTED");
          assertThat(endpoint.change("explode", CANDIDATE.toString(), null, OPERATOR).getStatus()).isEqualTo(400);
          assertThat(endpoint.change("promote", "not-a-version", null, OPERATOR).getStatus()).isEqualTo(400);
        });
  }
}
