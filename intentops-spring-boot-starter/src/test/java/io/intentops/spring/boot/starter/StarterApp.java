package io.intentops.spring.boot.starter;

import io.intentops.core.IntentPrediction;
import io.intentops.spring.boot.autoconfigure.CorrelationIdFilter;
import io.intentops.spring.boot.autoconfigure.IntentOpsService;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmupExecutor;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The must-show application: nothing but the starter, Spring Web, Actuator and Micrometer tracing
 * with the OpenTelemetry bridge; one controller on top of {@link IntentOpsService}. The warm-up is held
 * on {@link #RELEASE_WARMUP} so a test can watch readiness DOWN before it runs.
 */
@SpringBootApplication
public class StarterApp {
  /** Counted down to let the warm-up run. */
  static volatile CountDownLatch RELEASE_WARMUP = new CountDownLatch(1);

  /** The request body. */
  public record PredictRequest(String text, String userId) {}

  /** The answer: label, version, and the correlation id the web layer put into the MDC. */
  public record PredictResponse(String label, double score, boolean outOfScope, String modelVersion,
      String correlationId) {}

  @Bean
  InMemorySpanExporter spans() {
    return InMemorySpanExporter.create();
  }

  @Bean
  IntentOpsWarmupExecutor heldWarmup() {
    return warmup -> {
      Thread t = new Thread(() -> {
        try {
          if (RELEASE_WARMUP.await(2, TimeUnit.MINUTES)) {
            warmup.run();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "held-warmup");
      t.setDaemon(true);
      t.start();
    };
  }

  @RestController
  static class Api {
    private final IntentOpsService intentops;

    Api(IntentOpsService intentops) {
      this.intentops = intentops;
    }

    @PostMapping(path = "/predict", consumes = "application/json", produces = "application/json")
    PredictResponse predict(@RequestBody PredictRequest req) {
      IntentPrediction p = intentops.predict(req.userId(), req.text()).prediction();
      return new PredictResponse(p.label(), p.score(), p.outOfScope(), p.modelVersion().toString(),
          MDC.get(CorrelationIdFilter.MDC_KEY));
    }
  }
}
