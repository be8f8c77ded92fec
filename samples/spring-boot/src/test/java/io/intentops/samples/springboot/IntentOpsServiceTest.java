package io.intentops.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Clock;
import io.intentops.core.ManualClock;
import io.intentops.models.ReferenceModels;
import io.intentops.spring.boot.autoconfigure.IntentOpsModelSource;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmupExecutor;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The service over real HTTP (java.net.http) on a random port. The intent model is the reference
 * BANKING77 bundle ({@link ReferenceModels#banking77Intent()}); the NER model is the test-only
 * {@link KeywordNer} until the WNUT-17 reference bundle exists; both come from an {@link IntentOpsModelSource}
 * bean. The starter's warm-up is held on a latch so the test can observe readiness DOWN (and predictions
 * answered 503) before the model has warmed up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "intentops.rate-limit.batch-per-second=2",
    "intentops.limits.max-request-bytes=4096",
    "intentops.model.max-chars=300",
    "intentops.features.enable-explainability=true",
    "intentops.drift.baseline-size=5",
    "intentops.drift.window-size=5"})
@AutoConfigureObservability(tracing = false) // @SpringBootTest switches metrics export off unless asked
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntentOpsServiceTest {
  private static final CountDownLatch RELEASE_MODEL = new CountDownLatch(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STABLE = ReferenceModels.banking77IntentManifest().version().toString();

  @TestConfiguration
  static class TestModels {
    @Bean
    ManualClock clock() {
      return ManualClock.create();
    }

    /** The reference model, observed like a starter-loaded bundle (stage timers for the dashboard). */
    @Bean
    IntentOpsModelSource models(ObservationRegistry observations) {
      return () -> new IntentOpsModelSource.Models(
          ReferenceModels.banking77IntentBuilder().observationRegistry(observations).build(), null, new KeywordNer());
    }

    /** Holds the starter's warm-up until the test releases it, so readiness can be seen DOWN first. */
    @Bean
    IntentOpsWarmupExecutor heldWarmup() {
      return warmup -> {
        Thread t = new Thread(() -> {
          try {
            if (RELEASE_MODEL.await(2, TimeUnit.MINUTES)) {
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
  }

  @LocalServerPort
  int port;
  @Autowired
  Clock clock;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private HttpResponse<String> readinessBeforeLoad;
  private HttpResponse<String> livenessBeforeLoad;
  private HttpResponse<String> predictBeforeLoad;

  @BeforeAll
  void loadModel() throws Exception {
    readinessBeforeLoad = get("/actuator/health/readiness");
    livenessBeforeLoad = get("/actuator/health/liveness");
    predictBeforeLoad = post("/v1/intents:predict", "{\"text\":\"where is my card\"}");
    RELEASE_MODEL.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (get("/actuator/health/readiness").statusCode() != 200) {
      assertThat(System.nanoTime()).as("readiness UP within 120 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void readinessIsDownAndPredictionsAre503UntilTheModelIsLoaded() throws Exception {
    assertThat(readinessBeforeLoad.statusCode()).isEqualTo(503);
    assertThat(json(readinessBeforeLoad).path("status").asText()).isEqualTo("DOWN");
    assertThat(livenessBeforeLoad.statusCode()).isEqualTo(200);
    assertThat(predictBeforeLoad.statusCode()).isEqualTo(503);
    assertProblem(predictBeforeLoad, 503);
    assertThat(json(predictBeforeLoad).path("title").asText()).isEqualTo("Model not available");

    HttpResponse<String> ready = get("/actuator/health/readiness");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).path("status").asText()).isEqualTo("UP");
  }

  @Test
  void predictsInScopeAndOutOfScopeTexts() throws Exception {
    HttpResponse<String> r = post("/v1/intents:predict", "{\"text\":\"I still haven't received my card\",\"userId\":\"u1\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = json(r);
    assertThat(j.path("label").asText()).isEqualTo("card_arrival");
    assertThat(j.path("outOfScope").asBoolean()).isFalse();
    assertThat(j.path("modelVersion").asText()).isEqualTo(STABLE.toString());
    assertThat(j.path("fellBack").asBoolean()).isFalse();
    // explainability is on in this test: top-k alternatives, best first, starting with the label
    assertThat(j.path("topK").get(0).path("label").asText()).isEqualTo("card_arrival");
    assertThat(j.path("topK").size()).isGreaterThan(1);

    JsonNode oos = json(post("/v1/intents:predict", "{\"text\":\"what's the weather in Paris\"}"));
    assertThat(oos.path("outOfScope").asBoolean()).isTrue();
    assertThat(oos.path("oosScore").asDouble()).isGreaterThan(j.path("oosScore").asDouble());
  }

  @Test
  void batchPredictsInOrderAndHasItsOwnRateLimit() throws Exception {
    String body = "{\"texts\":[\"my top up failed\",\"I lost my card\",\"tell me a joke about cats\"]}";
    HttpResponse<String> first = post("/v1/intents:batchPredict", body);
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode preds = json(first).path("predictions");
    assertThat(preds.size()).isEqualTo(3);
    assertThat(preds.get(0).path("label").asText()).isEqualTo("top_up_failed");
    assertThat(preds.get(1).path("label").asText()).isEqualTo("lost_or_stolen_card");
    assertThat(preds.get(2).path("outOfScope").asBoolean()).isTrue();

    assertThat(post("/v1/intents:batchPredict", body).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = post("/v1/intents:batchPredict", body);
    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(limited).path("endpoint").asText()).isEqualTo("batch");
    // the single-prediction bucket is separate: still open
    assertThat(post("/v1/intents:predict", "{\"text\":\"I lost my card\"}").statusCode()).isEqualTo(200);

    ((ManualClock) clock).advance(Duration.ofSeconds(1)); // refills the batch bucket to its capacity (2)
    assertThat(post("/v1/intents:batchPredict", body).statusCode()).isEqualTo(200);
    HttpResponse<String> badItem = post("/v1/intents:batchPredict", "{\"texts\":[\"ok text\",\"   \"]}");
    assertProblem(badItem, 400);
    assertThat(json(badItem).path("detail").asText()).startsWith("texts[1]: ");
    assertThat(json(badItem).path("reason").asText()).isEqualTo("BLANK");
    assertProblem(post("/v1/intents:batchPredict", body), 429);
  }

  @Test
  void explainsWhichWordsMadeThePrediction() throws Exception {
    String text = "I still haven't received my card";
    HttpResponse<String> r = post("/v1/intents:explain", "{\"text\":\"" + text + "\",\"userId\":\"u1\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode e = json(r);
    assertThat(e.get("label").asText()).isEqualTo(json(post("/v1/intents:predict",
        "{\"text\":\"" + text + "\",\"userId\":\"u1\"}")).get("label").asText());
    assertThat(e.get("modelVersion").asText()).isEqualTo(STABLE);
    assertThat(e.get("method").asText()).isEqualTo("OCCLUSION");
    JsonNode words = e.get("words");
    assertThat(words).hasSize(6);
    assertThat(e.get("textsScored").asInt()).isEqualTo(7); // the full text + one per left-out word
    for (JsonNode w : words) {
      assertThat(text.substring(w.get("start").asInt(), w.get("end").asInt())).isEqualTo(w.get("word").asText());
    }
    // "card" carries the card-arrival intent more than the function word "I"
    assertThat(words.get(5).get("intent").asDouble()).isGreaterThan(words.get(0).get("intent").asDouble());
    HttpResponse<String> blank = post("/v1/intents:explain", "{\"text\":\"   \"}");
    assertProblem(blank, 400);
  }

  @Test
  void badInputIs400WithProblemDetails() throws Exception {
    HttpResponse<String> blank = post("/v1/intents:predict", "{\"text\":\"   \"}");
    assertProblem(blank, 400);
    assertThat(json(blank).path("reason").asText()).isEqualTo("BLANK");

    HttpResponse<String> missing = post("/v1/intents:predict", "{\"userId\":\"u2\"}");
    assertProblem(missing, 400);
    assertThat(json(missing).path("reason").asText()).isEqualTo("NULL");

    HttpResponse<String> tooLong = post("/v1/intents:predict", "{\"text\":\"" + "card ".repeat(100) + "\"}");
    assertProblem(tooLong, 400);
    assertThat(json(tooLong).path("reason").asText()).isEqualTo("TOO_LONG");
    assertThat(json(tooLong).path("detail").asText()).contains("limit is 300");

    HttpResponse<String> malformed = post("/v1/intents:predict", "{\"text\": \"unterminated");
    assertProblem(malformed, 400);
    assertThat(json(malformed).path("title").asText()).isEqualTo("Malformed JSON");

    HttpResponse<String> unknownField = post("/v1/intents:predict", "{\"text\":\"hi\",\"txet\":\"typo\"}");
    assertProblem(unknownField, 400);
    assertThat(json(unknownField).path("detail").asText()).contains("txet");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    HttpResponse<String> r = post("/v1/intents:predict", "{\"text\":\"" + "x".repeat(10_000) + "\"}");
    assertProblem(r, 413);
    assertThat(json(r).path("detail").asText()).contains("limit is 4096");
  }

  @Test
  void extractsEntitiesWithOffsetsIntoTheRequestText() throws Exception {
    String text = "Alice flew from London to Paris";
    HttpResponse<String> r = post("/v1/entities:extract", "{\"text\":\"" + text + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode entities = json(r).path("entities");
    assertThat(entities.size()).isEqualTo(3);
    for (JsonNode e : entities) {
      assertThat(text.substring(e.path("start").asInt(), e.path("end").asInt())).isEqualTo(e.path("text").asText());
    }
    assertThat(entities.get(0).path("type").asText()).isEqualTo("person");
    assertThat(entities.get(2).path("type").asText()).isEqualTo("location");
    assertProblem(post("/v1/entities:extract", "{\"text\":\"\"}"), 400);
  }

  @Test
  void feedbackIsRecordedForTheAnsweringVersion() throws Exception {
    String version = json(post("/v1/intents:predict", "{\"text\":\"my pin is blocked\"}")).path("modelVersion").asText();
    HttpResponse<String> up = post("/v1/feedback", "{\"modelVersion\":\"" + version + "\",\"rating\":\"up\"}");
    assertThat(up.statusCode()).isEqualTo(202);
    assertThat(json(up).path("outcome").asText()).isEqualTo("THUMBS_UP");
    HttpResponse<String> down = post("/v1/feedback", "{\"modelVersion\":\"" + version + "\",\"rating\":\"down\"}");
    assertThat(json(down).path("outcome").asText()).isEqualTo("THUMBS_DOWN");

    assertProblem(post("/v1/feedback", "{\"modelVersion\":\"9.9.9-9\",\"rating\":\"up\"}"), 400);
    assertProblem(post("/v1/feedback", "{\"modelVersion\":\"" + version + "\",\"rating\":\"meh\"}"), 400);
    HttpResponse<String> badVersion = post("/v1/feedback", "{\"modelVersion\":\"v1\",\"rating\":\"up\"}");
    assertProblem(badVersion, 400);
    assertThat(json(badVersion).path("detail").asText()).contains("Malformed model version");

    String metrics = get("/actuator/prometheus").body();
    assertThat(metrics).containsPattern("intentops_service_feedback_total\\{[^}]*rating=\"down\"[^}]*version=\"" + version);
  }

  @Test
  void healthShowsTheModelComponent() throws Exception {
    HttpResponse<String> r = get("/actuator/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode model = json(r).path("components").path("model");
    assertThat(model.path("status").asText()).isEqualTo("UP");
    assertThat(model.path("details").path("weights").asText()).contains(STABLE + "=10000");
    assertThat(model.path("details").path("ner").asText()).isEqualTo(KeywordNer.VERSION.toString());
  }

  @Test
  void prometheusExposesRouterAndServiceMeters() throws Exception {
    for (String t : new String[] {"my card has not arrived", "exchange rate please", "my top up failed",
        "what's the weather in Paris", "I lost my card", "my pin is blocked", "pizza recipes", "card arrival"}) {
      assertThat(post("/v1/intents:predict", "{\"text\":\"" + t + "\"}").statusCode()).isEqualTo(200);
    }
    post("/v1/intents:predict", "{\"text\":\" \"}"); // a client error
    HttpResponse<String> r = get("/actuator/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    String v = "version=\"" + STABLE + "\"";
    assertThat(r.body())
        .containsPattern("intentops_router_requests_total\\{[^}]*" + v)
        .containsPattern("intentops_router_errors_total\\{type=\"client\",[^}]*" + v + "\\} [1-9]")
        .containsPattern("intentops_router_latency_seconds\\{[^}]*quantile=\"0.95\"")
        .containsPattern("intentops_router_weight_bps\\{[^}]*" + v + "\\} 10000")
        .contains("intentops_router_rollbacks_total")
        .containsPattern("intentops_service_predictions_total\\{oos=\"true\",[^}]*" + v)
        .containsPattern("intentops_service_drift_score [0-9]")
        .contains("intentops_service_model_ready 1.0");
  }

  @Test
  void everyMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
    assertThat(post("/v1/intents:predict", "{\"text\":\"I lost my card\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/feedback", "{\"modelVersion\":\"" + STABLE + "\",\"rating\":\"up\"}")
        .statusCode()).isEqualTo(202);
    // Surefire runs in the module directory; the dashboard lives in docs/monitoring at the repository root.
    JsonNode dashboard = JSON.readTree(Path.of("../../docs/monitoring/grafana-dashboard.json").toFile());
    java.util.Set<String> queried = new java.util.TreeSet<>();
    // Series are the names with a label selector; label names (by (intentops_stage)) are not series.
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("intentops_[a-z_]+(?=\\{)").matcher(target.path("expr").asText());
        while (m.find()) {
          queried.add(m.group());
        }
      }
    }
    assertThat(queried).contains("intentops_router_requests_total", "intentops_router_latency_seconds",
        "intentops_router_weight_bps", "intentops_service_drift_score", "intentops_service_predictions_total");
    String scrape = get("/actuator/prometheus").body();
    for (String name : queried) {
      assertThat(scrape).as("series %s in /actuator/prometheus", name).containsPattern("(?m)^" + name + "[{ ]");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode j = json(r);
    assertThat(j.path("status").asInt()).isEqualTo(status);
    assertThat(j.path("title").asText()).isNotBlank();
    assertThat(j.path("detail").asText()).isNotBlank();
  }
}
