package io.intentops.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.IntentOpsException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The results JSON of one load test ({@code benchmarks/results/loadtest-<name>.json}):
 * <pre>{"name", "command", "startedAt", "machine": {"cores", "cpuModel", "java", "loadAvgBefore", "loadAvgAfter"},
 *  "server": {"jvm", "heap", "modelVersion", ...}, "settings": {...},
 *  "phases": [{"name", "targetRps", "durationS", "requests", "errors", "errorRate", "p50Ms", "p95Ms",
 *              "p99Ms", "maxMs", "achievedRps", "non2xx", "timeouts", "ioErrors", "rejected",
 *              "statusCounts", "loadAvgEnd"}]}</pre>
 * Latencies in milliseconds, load averages are the 1-minute figure. Written to a temporary file and
 * moved into place, so a reader never sees half a file. Stateless.
 */
final class ResultsFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsFile() {}

  /** The file name for a run called {@code name}. */
  static String fileName(String name) {
    return "loadtest-" + name + ".json";
  }

  /** Builds the JSON document. */
  static ObjectNode toJson(String name, String command, String startedAt, ObjectNode machine, ObjectNode server,
      ObjectNode settings, List<PhaseResult> phases) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", name);
    root.put("command", command);
    root.put("startedAt", startedAt);
    root.set("machine", machine);
    root.set("server", server);
    root.set("settings", settings);
    ArrayNode arr = root.putArray("phases");
    for (PhaseResult p : phases) {
      ObjectNode n = arr.addObject();
      n.put("name", p.name());
      n.put("targetRps", p.targetRps());
      n.put("durationS", p.durationS());
      n.put("requests", p.requests());
      n.put("errors", p.errors());
      n.put("errorRate", round(p.errorRate(), 6));
      n.put("p50Ms", p.p50Ms());
      n.put("p95Ms", p.p95Ms());
      n.put("p99Ms", p.p99Ms());
      n.put("maxMs", p.maxMs());
      n.put("achievedRps", round(p.achievedRps(), 3));
      n.put("non2xx", p.non2xx());
      n.put("timeouts", p.timeouts());
      n.put("ioErrors", p.ioErrors());
      n.put("rejected", p.rejected());
      ObjectNode sc = n.putObject("statusCounts");
      p.statusCounts().forEach((k, v) -> sc.put(Integer.toString(k), v));
      n.put("loadAvgEnd", p.loadAvgEnd());
    }
    return root;
  }

  /** Writes {@code doc} to {@code dir/loadtest-<name>.json} atomically and returns the path. */
  static Path write(Path dir, String name, ObjectNode doc) {
    Path target = dir.resolve(fileName(name));
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".loadtest-" + name, ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), doc);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new IntentOpsException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** A fixed-width table of the phases, for the console. */
  static String summary(List<PhaseResult> phases) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %8s %6s %8s %7s %8s %9s %9s %9s %9s %9s%n",
        "phase", "target/s", "dur s", "requests", "errors", "err %", "p50 ms", "p95 ms", "p99 ms", "max ms", "ok/s"));
    for (PhaseResult p : phases) {
      sb.append(String.format(Locale.ROOT, "%-16s %8.1f %6.0f %8d %7d %8.3f %9s %9s %9s %9s %9.2f%n", p.name(),
          p.targetRps(), p.durationS(), p.requests(), p.errors(), 100 * p.errorRate(), ms(p.p50Ms()), ms(p.p95Ms()),
          ms(p.p99Ms()), ms(p.maxMs()), p.achievedRps()));
      if (p.errors() > 0) {
        sb.append(String.format(Locale.ROOT, "%16s non2xx=%d timeouts=%d ioErrors=%d rejected=%d statuses=%s%n", "",
            p.non2xx(), p.timeouts(), p.ioErrors(), p.rejected(), p.statusCounts()));
      }
    }
    return sb.toString();
  }

  private static String ms(@org.jspecify.annotations.Nullable Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
