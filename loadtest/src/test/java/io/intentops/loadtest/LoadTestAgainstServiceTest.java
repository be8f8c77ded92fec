package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.models.ReferenceModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the sample service in its own JVM on a random loopback port, the load test CLI against
 * it for a few seconds at 4 requests/s, and the results file it writes. About 30 s on two busy cores,
 * most of it the service's start.
 */
class LoadTestAgainstServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(110)
  void shortRunAgainstTheServiceWritesSaneResults(@TempDir Path out) throws Exception {
    assumeTrue(DatasetPaths.requireInCi("banking77/test.csv").isPresent(), DatasetPaths.HOW_TO_GET);
    assumeTrue(DatasetPaths.requireInCi("clinc150/data_full.json").isPresent(), DatasetPaths.HOW_TO_GET);
    Path log = Path.of("target", "loadtest-service-it.log");
    Files.createDirectories(log.getParent());
    int code;
    try (ServiceProcess service = ServiceProcess.start(log)) {
      code = LoadTestCli.execute("--name", "ci", "--port", Integer.toString(service.port()), "--rps", "4",
          "--ramp-seconds", "2", "--steady-seconds", "5", "--warmup-requests", "5", "--ready-timeout-seconds", "90",
          "--out", out.toString(), "--server-prop", "started-by=LoadTestAgainstServiceTest");
      assertThat(service.isAlive()).as("service still running; log %s", service.log()).isTrue();
    }
    assertThat(code).as("exit code; service log in %s", log).isZero();

    JsonNode doc = JSON.readTree(out.resolve("loadtest-ci.json").toFile());
    assertThat(doc.path("name").asText()).isEqualTo("ci");
    assertThat(doc.path("command").asText()).contains("--rps 4");
    assertThat(doc.path("machine").path("cores").asInt()).isPositive();
    assertThat(doc.path("machine").has("loadAvgBefore")).isTrue();
    assertThat(doc.path("machine").has("loadAvgAfter")).isTrue();
    assertThat(doc.path("server").path("modelVersion").asText())
        .isEqualTo(ReferenceModels.banking77IntentManifest().version().toString());
    assertThat(doc.path("server").path("jvm").asText()).doesNotStartWith("unknown");
    assertThat(doc.path("server").path("heapMaxMiB").asLong()).isPositive();
    assertThat(doc.path("server").path("started-by").asText()).isEqualTo("LoadTestAgainstServiceTest");

    JsonNode phases = doc.path("phases");
    assertThat(phases).hasSize(2);
    assertThat(phases.get(0).path("name").asText()).isEqualTo("ramp");
    assertThat(phases.get(0).path("requests").asLong()).isEqualTo(4); // 4 rps x 2 s / 2
    JsonNode steady = phases.get(1);
    assertThat(steady.path("name").asText()).isEqualTo("steady");
    assertThat(steady.path("targetRps").asDouble()).isEqualTo(4.0);
    assertThat(steady.path("durationS").asDouble()).isEqualTo(5.0);
    for (JsonNode p : phases) {
      assertThat(p.path("requests").asLong()).isPositive();
      assertThat(p.path("errors").asLong()).as("errors in %s", p).isZero();
      assertThat(p.path("errorRate").asDouble()).isZero();
      double p50 = p.path("p50Ms").asDouble();
      double p95 = p.path("p95Ms").asDouble();
      double p99 = p.path("p99Ms").asDouble();
      double max = p.path("maxMs").asDouble();
      assertThat(p50).isPositive().isLessThanOrEqualTo(p95);
      assertThat(p95).isLessThanOrEqualTo(p99);
      assertThat(p99).isLessThanOrEqualTo(max);
      assertThat(max).isLessThan(10_000); // below the request timeout, or it would be an error
      assertThat(p.path("achievedRps").asDouble()).isPositive();
      assertThat(p.path("statusCounts").path("200").asLong()).isEqualTo(p.path("requests").asLong());
    }
    assertThat(steady.path("requests").asLong()).isEqualTo(20); // 4 rps x 5 s
    assertThat(steady.path("achievedRps").asDouble()).isEqualTo(4.0);
  }
}
