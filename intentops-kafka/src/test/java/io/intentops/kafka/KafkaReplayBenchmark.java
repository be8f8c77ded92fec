package io.intentops.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intentops.core.IntentPrediction;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.inference.IntentPredictor;
import io.intentops.models.ReferenceModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Dedicated harness (not a test): scores the same {@code n} texts with the real BANKING77 reference
 * bundle through Kafka ({@link ScoringTopology} on a {@link KraftBroker}, one partition, one stream
 * thread) and directly with {@code predictBatch}, in one JVM, in the order predictBatch (first half of the
 * texts), Kafka (all texts, once per batch size), predictBatch (second half); measures wall time and this process's CPU time for each (the broker's CPU
 * is recorded apart: it is another process, on another machine in production); compares labels and
 * OOS flags item by item; writes a JSON result and prints a summary.
 *
 * <pre>
 * java -cp ... io.intentops.kafka.KafkaReplayBenchmark [n=100000] [out=benchmarks/results/kafka-replay.json]
 *     [batch sizes, comma-separated; default ScoringTopology.DEFAULT_BATCH_SIZE]
 * </pre>
 */
public final class KafkaReplayBenchmark {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private KafkaReplayBenchmark() {}

  /** One measured phase. */
  record Phase(String name, int texts, double wallS, double cpuS, double brokerCpuS) {
    double textsPerS() {
      return texts / wallS;
    }

    double textsPerCpuS() {
      return texts / cpuS;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("texts", texts);
      m.put("wallS", round(wallS));
      m.put("processCpuS", round(cpuS));
      m.put("textsPerS", round(textsPerS()));
      m.put("textsPerCpuS", round(textsPerCpuS()));
      m.put("brokerCpuS", brokerCpuS < 0 ? null : round(brokerCpuS));
      return m;
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/results/kafka-replay.json");
    List<Integer> batchSizes = new ArrayList<>();
    for (String s : (args.length > 2 ? args[2] : Integer.toString(ScoringTopology.DEFAULT_BATCH_SIZE)).split(",")) {
      batchSizes.add(Integer.parseInt(s.trim()));
    }
    String loadBefore = loadavg();
    Instant started = Instant.now();
    Path root = RealBundleReplay.datasets().orElseThrow(() -> new IllegalStateException(
        "BANKING77 / CLINC150 not found under " + DatasetPaths.root() + ". " + DatasetPaths.HOW_TO_GET));
    List<String> pool = RealBundleReplay.pool(root);
    List<String> texts = RealBundleReplay.texts(pool, n);
    log("%d texts (pool of %d dataset texts, cycled with a seeded suffix beyond it); load %s", n, pool.size(),
        loadBefore);

    Path dir = Files.createTempDirectory("kafka-replay-bench");
    Map<String, Object> result = new LinkedHashMap<>();
    try (IntentPredictor predictor = ReferenceModels.banking77Intent();
        KraftBroker broker = KraftBroker.start(dir.resolve("kafka"), Duration.ofSeconds(90))) {
      String bootstrap = broker.bootstrap();
      RealBundleReplay.createTopics(bootstrap, 1, "texts");
      long t0 = System.nanoTime();
      RealBundleReplay.produce(bootstrap, "texts", texts);
      log("produced %d texts in %.1f s", n, (System.nanoTime() - t0) / 1e9);

      // Warm-up (unmeasured): JIT, ONNX Runtime arenas, the Kafka client and streams code paths.
      int warm = Math.min(2000, n);
      predictor.predictBatch(texts.subList(0, warm));
      RealBundleReplay.createTopics(bootstrap, 1, "warm-texts", "warm-out");
      RealBundleReplay.produce(bootstrap, "warm-texts", texts.subList(0, warm));
      RealBundleReplay.Counting wc = new RealBundleReplay.Counting(predictor);
      RealBundleReplay.runUntilScored(ScoringTopology.builder(wc).inputTopic("warm-texts").outputTopic("warm-out")
          .batchSize(batchSizes.get(0)).build(), wc, warm, bootstrap, dir.resolve("state-warm"), "warm",
          Duration.ofMinutes(10));
      log("warmed up on %d texts", warm);

      List<Phase> phases = new ArrayList<>();
      List<IntentPrediction>[] direct = new List[2];
      // predictBatch on the first half, Kafka on all, predictBatch on the second half: both sides are
      // measured before and after each other, so drifting machine load shows, at 2n texts scored in all.
      int half = n / 2;
      List<String> first = texts.subList(0, half);
      List<String> second = texts.subList(half, n);
      direct[0] = measure("predictBatch-first-half", half, broker, () -> predictor.predictBatch(first), phases);
      Map<Integer, Map<String, CaptureRecord>> outputs = new LinkedHashMap<>();
      Map<Integer, Long> batchCalls = new LinkedHashMap<>();
      for (int size : batchSizes) {
        String topic = "predictions-" + size;
        RealBundleReplay.createTopics(bootstrap, 1, topic);
        RealBundleReplay.Counting counter = new RealBundleReplay.Counting(predictor);
        ScoringTopology scoring = ScoringTopology.builder(counter).inputTopic("texts").outputTopic(topic)
            .batchSize(size).build();
        measure("kafka-batch" + size, n, broker, () -> {
          try {
            RealBundleReplay.runUntilScored(scoring, counter, n, bootstrap, dir.resolve("state-" + size),
                "replay-bench-" + size, Duration.ofHours(2));
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return null;
        }, phases);
        batchCalls.put(size, counter.batches.sum());
        outputs.put(size, RealBundleReplay.read(bootstrap, topic, n, Duration.ofMinutes(5)));
      }
      direct[1] = measure("predictBatch-second-half", n - half, broker, () -> predictor.predictBatch(second), phases);

      Phase d1 = phases.get(0);
      Phase d2 = phases.get(phases.size() - 1);
      // Pooled over both halves: all texts over all CPU seconds (and wall seconds).
      double directPerCore = n / (d1.cpuS() + d2.cpuS());
      double directPerS = n / (d1.wallS() + d2.wallS());
      List<IntentPrediction> expected = new ArrayList<>(direct[0]);
      expected.addAll(direct[1]);
      List<Map<String, Object>> kafka = new ArrayList<>();
      for (int size : batchSizes) {
        Phase p = phases.stream().filter(x -> x.name().equals("kafka-batch" + size)).findFirst().orElseThrow();
        RealBundleReplay.Comparison c = RealBundleReplay.Comparison.of(expected, outputs.get(size));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchSize", size);
        m.put("predictBatchCalls", batchCalls.get(size));
        m.put("perCoreRatio", round(p.textsPerCpuS() / directPerCore));
        m.put("wallRatio", round(p.textsPerS() / directPerS));
        m.put("compared", c.compared());
        m.put("missing", c.missing());
        m.put("labelDifferences", c.labelDiffs());
        m.put("oosDifferences", c.oosDiffs());
        m.put("maxScoreDifference", c.maxScoreDiff());
        m.put("differenceExamples", c.examples());
        kafka.add(m);
        log("Kafka batch %d: %.1f texts/CPU-s vs predictBatch %.1f -> %.1f %% per core; %.1f texts/s vs %.1f; "
            + "labels: %d compared, %d missing, %d label and %d OOS differences, max score diff %.2e", size,
            p.textsPerCpuS(), directPerCore, 100 * p.textsPerCpuS() / directPerCore, p.textsPerS(), directPerS,
            c.compared(), c.missing(), c.labelDiffs(), c.oosDiffs(), c.maxScoreDiff());
      }
      result.put("name", "kafka-replay");
      result.put("command", System.getProperty("bench.command", "java -cp ... io.intentops.kafka.KafkaReplayBenchmark "
          + String.join(" ", args)));
      result.put("startedAt", started.toString());
      result.put("finishedAt", Instant.now().toString());
      result.put("gitCommit", git("rev-parse", "HEAD"));
      result.put("gitDirty", !git("status", "--porcelain", "--", ".", ":!benchmarks/results").isEmpty());
      result.put("cores", Runtime.getRuntime().availableProcessors());
      result.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      result.put("loadAverageBefore", loadBefore);
      result.put("loadAverageAfter", loadavg());
      result.put("model", predictor.version().toString());
      result.put("texts", n);
      result.put("datasetPool", pool.size());
      result.put("textsSource", "BANKING77 train+test and CLINC150 all splits, shuffled (seed 2025); beyond the pool "
          + "cycled with a seeded suffix word");
      result.put("setup", "1 partition, 1 stream thread, at-least-once, default commit interval; predictBatch over "
          + "each half of the list in one call (maxBatch " + IntentPredictor.Builder.DEFAULT_MAX_BATCH + ", length-sorted); "
          + "processCpuS = this JVM (stream thread, producer/consumer, ONNX Runtime threads, GC, JIT); the broker "
          + "is a child JVM, its CPU is brokerCpuS");
      result.put("predictBatchTextsPerCpuS", round(directPerCore));
      result.put("predictBatchTextsPerS", round(directPerS));
      result.put("kafka", kafka);
      result.put("phases", phases.stream().map(Phase::json).toList());
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result)
        + "\n");
    log("wrote %s", out);
  }

  private static <T> T measure(String name, int n, KraftBroker broker, Supplier<T> work, List<Phase> phases) {
    System.gc();
    double b0 = broker.cpuTime().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    T r = work.get();
    long t1 = System.nanoTime();
    long cpu1 = OS.getProcessCpuTime();
    double b1 = broker.cpuTime().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    Phase p = new Phase(name, n, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, b0 < 0 || b1 < 0 ? -1 : b1 - b0);
    phases.add(p);
    log("%s: %.1f s wall, %.1f s CPU, %.1f texts/s, %.1f texts/CPU-s, broker %.1f s CPU; load %s", name, p.wallS(),
        p.cpuS(), p.textsPerS(), p.textsPerCpuS(), p.brokerCpuS(), loadavg());
    return r;
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  private static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String git(String... args) {
    try {
      List<String> cmd = new ArrayList<>(List.of("git"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? s : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf("[kafka-replay] " + format + "%n", args);
    System.out.flush();
  }
}
