package io.intentops.spring.boot.starter;

import io.intentops.spring.boot.autoconfigure.IntentOpsWarmup;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the must-show application in a cold JVM (run it with {@code java -cp}, not from a test
 * runner): milliseconds from JVM start to the application being ready and to the first prediction
 * (the warm-up's), then the span tree of one HTTP request after warm-up with each span's duration.
 * Prints a Markdown table for {@code docs/performance.md}. Command line: see docs/spring-boot.md.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    StarterApp.RELEASE_WARMUP.countDown();
    try (ConfigurableApplicationContext ctx = StarterApplicationTest.start()) {
      long ready = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      IntentOpsWarmup warmup = ctx.getBean(IntentOpsWarmup.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (warmup.state() != IntentOpsWarmup.State.DONE && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      HttpClient http = HttpClient.newHttpClient();
      InMemorySpanExporter spans = ctx.getBean(InMemorySpanExporter.class);
      SdkTracerProvider tracer = ctx.getBean(SdkTracerProvider.class);
      int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1;
      String[] texts = {"I still haven't received my new card", "how do I top up my account",
          "what exchange rate do you use", "my card payment was declined"};
      for (int i = 0; i < requests; i++) {
        tracer.forceFlush().join(10, TimeUnit.SECONDS);
        spans.reset();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/predict"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + texts[i % texts.length] + "\",\"userId\":\"u" + i
                + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
      }
      tracer.forceFlush().join(10, TimeUnit.SECONDS);
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "ready_ms_since_jvm_start=%d startup_ms(warmup bean)=%d "
              + "time_to_first_prediction_ms=%d warmup_ms_per_version=%s%n", ready, warmup.startupMillis(),
          warmup.timeToFirstPredictionMillis(), warmup.millisPerVersion()));
      out.append("| span | parent | duration (ms) |\n| --- | --- | ---: |\n");
      var list = spans.getFinishedSpanItems().stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
          .toList();
      for (SpanData s : list) {
        String parent = list.stream().filter(p -> p.getSpanId().equals(s.getParentSpanId())).map(SpanData::getName)
            .findFirst().orElse("-");
        out.append(String.format(Locale.ROOT, "| %s | %s | %.3f |%n", s.getName(), parent,
            (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6));
      }
      System.out.print(out);
    }
  }
}
