package io.intentops.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.models.ReferenceModels;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmup;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The must-show test: the starter-only application starts with the reference BANKING77 bundle,
 * readiness is DOWN until warm-up has finished, a request is answered, the span tree has the stage
 * names and the model version, and the Actuator endpoint returns the router state with its write
 * operations off.
 */
class StarterApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static final String[] PROPERTIES = {
      "server.port=0",
      "intentops.model.path=classpath:" + ReferenceModels.BANKING77_INTENT,
      "intentops.model.version=1.0.0-1",
      "intentops.model.intra-op-threads=1",
      "management.endpoints.web.exposure.include=health,intentops",
      "management.endpoint.health.probes.enabled=true",
      "management.endpoint.health.show-details=always",
      "management.tracing.sampling.probability=1.0",
      "spring.main.banner-mode=off"};

  static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(StarterApp.class).properties(PROPERTIES).run();
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(int port, String path, String body, String correlationId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (correlationId != null) {
      b.header("X-Correlation-Id", correlationId);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startsWarmsUpAnswersAndExportsTheSpanTree() throws Exception {
    StarterApp.RELEASE_WARMUP = new CountDownLatch(1);
    try (ConfigurableApplicationContext ctx = start()) {
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      IntentOpsWarmup warmup = ctx.getBean(IntentOpsWarmup.class);

      // Readiness is DOWN (503) while the warm-up has not run; liveness is UP.
      HttpResponse<String> before = get(port, "/actuator/health/readiness");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(before.body()).at("/components/intentops/details/warmup").asText()).isEqualTo("PENDING");
      assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);

      StarterApp.RELEASE_WARMUP.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (warmup.state() != IntentOpsWarmup.State.DONE && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(warmup.state()).isEqualTo(IntentOpsWarmup.State.DONE);
      HttpResponse<String> after = get(port, "/actuator/health/readiness");
      assertThat(after.statusCode()).isEqualTo(200);
      JsonNode health = JSON.readTree(after.body()).at("/components/intentops/details");
      assertThat(health.get("timeToFirstPredictionMs").asLong()).isGreaterThan(0);
      assertThat(health.get("weights").toString()).isEqualTo("{\"1.0.0-1\":10000}");

      InMemorySpanExporter spans = ctx.getBean(InMemorySpanExporter.class);
      SdkTracerProvider tracer = ctx.getBean(SdkTracerProvider.class);
      tracer.forceFlush().join(10, TimeUnit.SECONDS);
      spans.reset();

      String text = "I still haven't received my new card";
      HttpResponse<String> r = post(port, "/predict", "{\"text\":\"" + text + "\",\"userId\":\"u-17\"}", "req-42");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode answer = JSON.readTree(r.body());
      assertThat(answer.get("label").asText()).isEqualTo("card_arrival");
      assertThat(answer.get("modelVersion").asText()).isEqualTo("1.0.0-1");
      assertThat(answer.get("correlationId").asText()).isEqualTo("req-42");
      assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue("req-42");
      HttpResponse<String> generated = post(port, "/predict", "{\"text\":\"top up failed\",\"userId\":\"u-18\"}",
          "bad id; <script>");
      assertThat(generated.headers().firstValue("X-Correlation-Id").orElseThrow()).matches("[0-9a-f-]{36}");

      tracer.forceFlush().join(10, TimeUnit.SECONDS);
      List<SpanData> all = spans.getFinishedSpanItems();
      SpanData server = all.stream().filter(s -> s.getParentSpanContext().isValid() == false
          && s.getName().contains("/predict")).findFirst().orElseThrow(() -> new AssertionError("no server span in " + all));
      List<SpanData> trace = all.stream().filter(s -> s.getTraceId().equals(server.getTraceId())).toList();
      Map<String, SpanData> byName = trace.stream().collect(Collectors.toMap(SpanData::getName, Function.identity(),
          (a, b) -> a));
      assertThat(byName).containsKeys("router.route", "preprocess", "inference_forward", "oos_scoring",
          "calibration", "response_serialize");
      SpanData route = byName.get("router.route");
      assertThat(route.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(route.getAttributes().get(AttributeKey.stringKey("intentops.model.version"))).isEqualTo("1.0.0-1");
      for (String stage : List.of("preprocess", "inference_forward", "oos_scoring", "calibration")) {
        SpanData s = byName.get(stage);
        assertThat(s.getParentSpanId()).as(stage).isEqualTo(route.getSpanId());
        assertThat(s.getAttributes().get(AttributeKey.stringKey("intentops.model.version"))).isEqualTo("1.0.0-1");
        assertThat(s.getAttributes().get(AttributeKey.stringKey("intentops.stage"))).isEqualTo(stage);
      }
      assertThat(byName.get("response_serialize").getParentSpanId()).isEqualTo(server.getSpanId());
      for (SpanData s : trace) {
        assertThat(s.getAttributes().asMap().values()).as("attributes of %s", s.getName())
            .noneMatch(v -> String.valueOf(v).contains(text));
      }

      // The intentops endpoint: router state; write operations are off by default.
      HttpResponse<String> state = get(port, "/actuator/intentops");
      assertThat(state.statusCode()).isEqualTo(200);
      JsonNode s = JSON.readTree(state.body());
      assertThat(s.get("stable").asText()).isEqualTo("1.0.0-1");
      assertThat(s.at("/weights/1.0.0-1").asInt()).isEqualTo(10_000);
      assertThat(s.at("/windows/1.0.0-1/current/verdict").asText()).isNotEmpty();
      assertThat(s.get("candidates")).isEmpty();
      assertThat(s.at("/warmup/state").asText()).isEqualTo("DONE");
      HttpResponse<String> pause = post(port, "/actuator/intentops/pause", "{\"version\":\"1.0.0-1\"}", null);
      assertThat(pause.statusCode()).isBetween(400, 499);
    }
  }
}
