package io.intentops.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentOpsException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Talks to the service outside the measured phases: waits for readiness, sends warm-up requests (and
 * learns the served model version from them), and reads what the actuator says about the server's JVM,
 * heap and model. Loopback only. Not thread-safe.
 */
final class ServerProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private @Nullable String modelVersion;

  ServerProbe(String host, int port) {
    Loopback.require(host);
    this.base = "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Polls {@code /actuator/health/readiness} every 250 ms until it answers 200 or {@code timeout} passes.
   *
   * @throws IntentOpsException when the service is not ready in time (with its last answer)
   */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = get("/actuator/health/readiness");
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IntentOpsException("interrupted while waiting for " + base + " to become ready");
      }
    }
    throw new IntentOpsException("service at " + base + " not ready after " + timeout.toSeconds() + " s; last answer: "
        + last);
  }

  /**
   * Sends {@code count} requests one after another (not measured; they warm up both JVMs) and remembers the
   * model version of the answers.
   *
   * @throws IntentOpsException when one is not answered with 2xx
   */
  void warmUp(String path, List<byte[]> bodies, int count) {
    for (int i = 0; i < count; i++) {
      byte[] body = bodies.get(i % bodies.size());
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
          throw new IntentOpsException("warm-up request " + (i + 1) + " to " + base + path + " got " + r.statusCode()
              + ": " + r.body());
        }
        JsonNode v = JSON.readTree(r.body()).get("modelVersion");
        if (v != null && v.isTextual()) {
          modelVersion = v.asText();
        }
      } catch (IOException e) {
        throw new IntentOpsException("warm-up request " + (i + 1) + " to " + base + path + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IntentOpsException("interrupted during warm-up");
      }
    }
  }

  /**
   * What the server reports about itself: {@code jvm} (from {@code /actuator/info}, which needs
   * {@code management.info.java.enabled=true}), {@code heap} (max and used, from
   * {@code /actuator/metrics}), {@code modelVersion} (from the warm-up answers) and the readiness
   * details of the {@code model} health component. Missing facts are reported as {@code "unknown"}.
   */
  ObjectNode describe() {
    ObjectNode out = JSON.createObjectNode();
    JsonNode info = getJson("/actuator/info");
    JsonNode jvm = info == null ? null : info.path("java").path("jvm");
    out.put("jvm", jvm == null || jvm.isMissingNode() ? "unknown (server without management.info.java.enabled=true)"
        : jvm.path("vendor").asText() + " " + jvm.path("name").asText() + " " + jvm.path("version").asText());
    double max = metric("jvm.memory.max");
    double used = metric("jvm.memory.used");
    out.put("heap", max < 0 ? "unknown" : String.format(Locale.ROOT, "max %.0f MiB, used %.0f MiB at the end",
        max / (1 << 20), used / (1 << 20)));
    if (max >= 0) {
      out.put("heapMaxMiB", Math.round(max / (1 << 20)));
      out.put("heapUsedMiB", Math.round(used / (1 << 20)));
    }
    double cpus = metricNoTag("system.cpu.count");
    if (cpus > 0) {
      out.put("cpus", (int) cpus);
    }
    out.put("modelVersion", modelVersion == null ? "unknown" : modelVersion);
    JsonNode health = getJson("/actuator/health");
    JsonNode model = health == null ? null : health.path("components").path("model").path("details");
    if (model != null && !model.isMissingNode()) {
      out.set("modelHealth", model);
    }
    return out;
  }

  private double metric(String name) {
    JsonNode m = getJson("/actuator/metrics/" + name + "?tag=area:heap");
    return m == null ? -1 : m.path("measurements").path(0).path("value").asDouble(-1);
  }

  private double metricNoTag(String name) {
    JsonNode m = getJson("/actuator/metrics/" + name);
    return m == null ? -1 : m.path("measurements").path(0).path("value").asDouble(-1);
  }

  private @Nullable JsonNode getJson(String path) {
    try {
      HttpResponse<String> r = get(path);
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigurationException("interrupted while calling " + base + path);
    }
  }
}
