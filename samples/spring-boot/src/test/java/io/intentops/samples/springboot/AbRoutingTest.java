package io.intentops.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.models.ReferenceModels;
import io.intentops.spring.boot.autoconfigure.IntentOpsModelSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * {@code enable_ab_routing}: the reference model as stable and the same model re-labelled as a
 * candidate version at 50 %, so routing, stickiness, per-version meters and the feedback A/B test can be
 * checked over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "intentops.features.enable-ab-routing=true",
    "intentops.router.candidate.weight-bps=5000"})
@AutoConfigureObservability(tracing = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbRoutingTest {
  private static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Serves another predictor's answers under a different version. */
  static final class Relabelled implements Predictor<String, IntentPrediction> {
    private final Predictor<String, IntentPrediction> delegate;
    private final ModelVersion version;

    Relabelled(Predictor<String, IntentPrediction> delegate, ModelVersion version) {
      this.delegate = delegate;
      this.version = version;
    }

    @Override
    public IntentPrediction predict(String input) {
      IntentPrediction p = delegate.predict(input);
      return new IntentPrediction(p.label(), p.score(), p.topK(), p.outOfScope(), p.oosScore(), version, p.latency(),
          p.truncated());
    }

    @Override
    public ModelVersion version() {
      return version;
    }
  }

  @TestConfiguration
  static class TwoVersions {
    @Bean
    IntentOpsModelSource models() {
      return () -> {
        var stable = ReferenceModels.banking77Intent();
        return new IntentOpsModelSource.Models(stable, new Relabelled(stable, CANDIDATE), null);
      };
    }
  }

  @LocalServerPort
  int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private String stable;

  @BeforeAll
  void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (get("/actuator/health/readiness").statusCode() != 200) {
      assertThat(System.nanoTime()).as("readiness UP within 120 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    stable = ReferenceModels.banking77IntentManifest().version().toString();
  }

  @Test
  void splitsTrafficStickilyAndRecordsFeedbackForTheAbTest() throws Exception {
    Map<String, String> versionOf = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int u = 0; u < 40; u++) {
      String v = json(post("/v1/intents:predict", "{\"text\":\"I lost my card\",\"userId\":\"user-" + u + "\"}"))
          .path("modelVersion").asText();
      versionOf.put("user-" + u, v);
      counts.merge(v, 1, Integer::sum);
    }
    assertThat(counts).containsOnlyKeys(stable, CANDIDATE.toString());
    for (int u = 0; u < 40; u += 7) { // sticky: the same user gets the same version again
      String v = json(post("/v1/intents:predict", "{\"text\":\"my pin is blocked\",\"userId\":\"user-" + u + "\"}"))
          .path("modelVersion").asText();
      assertThat(v).isEqualTo(versionOf.get("user-" + u));
    }

    HttpResponse<String> fb = post("/v1/feedback", "{\"modelVersion\":\"" + CANDIDATE + "\",\"rating\":\"down\"}");
    assertThat(fb.statusCode()).isEqualTo(202);
    JsonNode ab = json(fb).path("abTest");
    assertThat(ab.path("treatmentTrials").asLong()).isEqualTo(1);
    assertThat(ab.path("treatmentSuccesses").asLong()).isZero();
    assertThat(ab.path("verdict").asText()).isEqualTo("INSUFFICIENT_DATA");

    String scrape = get("/actuator/prometheus").body();
    assertThat(scrape)
        .containsPattern("intentops_router_weight_bps\\{version=\"" + CANDIDATE + "\"\\} 5000")
        .containsPattern("intentops_router_weight_bps\\{version=\"" + stable + "\"\\} 5000")
        .containsPattern("intentops_router_requests_total\\{version=\"" + CANDIDATE + "\"\\} [1-9]");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
