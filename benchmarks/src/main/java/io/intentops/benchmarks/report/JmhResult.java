package io.intentops.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a JMH JSON result file ({@code -rf json}). Immutable.
 *
 * @param benchmark fully qualified benchmark method
 * @param mode JMH mode id: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param threads concurrent callers
 * @param params JMH {@code @Param} values (sorted by name)
 * @param score the primary metric's score
 * @param error JMH's score error (half-width of the 99.9 % confidence interval; NaN when not computable)
 * @param unit score unit as JMH writes it, e.g. {@code ops/ms}, {@code ms/op}
 * @param percentiles for {@code sample} mode: percentile (0-100) to value, in {@code unit}
 * @param secondary secondary metrics (profiler results such as {@code cpu.ms/op}) by label, without
 *     JMH's leading {@code ·}; values in their own units
 * @param secondaryRaw each secondary metric's per-iteration values (JMH's {@code rawData}, forks one
 *     after the other; empty when the file has none)
 */
public record JmhResult(String benchmark, String mode, int threads, Map<String, String> params, double score, double error,
    String unit, Map<Double, Double> percentiles, Map<String, Value> secondary, Map<String, List<Double>> secondaryRaw) {

  /** The method name, e.g. {@code ours16}. */
  public String method() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /** The simple class name, e.g. {@code PeerBenchmark}. */
  public String className() {
    String c = benchmark.substring(0, benchmark.lastIndexOf('.'));
    return c.substring(c.lastIndexOf('.') + 1);
  }

  /** Parses a JMH JSON array; {@code file} names the source in error messages. */
  static List<JmhResult> parse(JsonNode root, String file) {
    if (!root.isArray()) {
      throw new ReportInputException(file + ": a JMH result file must be a JSON array (written by -rf json)");
    }
    List<JmhResult> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      String where = file + "[" + i + "]";
      JsonNode pm = Json.require(n, "primaryMetric", where);
      Map<String, String> params = new TreeMap<>();
      JsonNode p = n.get("params");
      if (p != null && p.isObject()) {
        p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      }
      Map<Double, Double> pct = new LinkedHashMap<>();
      JsonNode sp = pm.get("scorePercentiles");
      if (sp != null && sp.isObject()) {
        sp.fields().forEachRemaining(e -> pct.put(Double.parseDouble(e.getKey()), e.getValue().asDouble()));
      }
      JsonNode err = pm.get("scoreError");
      double error = err == null || !err.isNumber() ? Double.NaN : err.asDouble();
      Map<String, Value> secondary = new TreeMap<>();
      Map<String, List<Double>> secondaryRaw = new TreeMap<>();
      JsonNode sm = n.get("secondaryMetrics");
      if (sm != null && sm.isObject()) {
        for (var it = sm.fields(); it.hasNext(); ) {
          var e = it.next();
          String label = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
          String sw = where + ".secondaryMetrics." + e.getKey();
          JsonNode se = e.getValue().get("scoreError");
          secondary.put(label, new Value(Json.number(e.getValue(), "score", sw),
              se == null || !se.isNumber() ? Double.NaN : se.asDouble()));
          List<Double> raw = new ArrayList<>();
          JsonNode rd = e.getValue().get("rawData");
          if (rd != null && rd.isArray()) {
            for (JsonNode fork : rd) {
              for (JsonNode v : fork) {
                if (!v.isNumber()) {
                  throw new ReportInputException(sw + ".rawData: expected numbers, got " + v);
                }
                raw.add(v.asDouble());
              }
            }
          }
          secondaryRaw.put(label, List.copyOf(raw));
        }
      }
      out.add(new JmhResult(Json.text(n, "benchmark", where), Json.text(n, "mode", where),
          Json.require(n, "threads", where).asInt(), Map.copyOf(params), Json.number(pm, "score", where + ".primaryMetric"),
          error, Json.text(pm, "scoreUnit", where + ".primaryMetric"), Map.copyOf(pct), Map.copyOf(secondary),
          Map.copyOf(secondaryRaw)));
    }
    return out;
  }

  /** Throughput in operations per second; only for {@code thrpt} results. */
  public Value opsPerSecond() {
    if (!unit.startsWith("ops/")) {
      throw new ReportInputException(benchmark + " (" + mode + "): unit " + unit + " is not a throughput");
    }
    double perSecond = 1.0 / Units.seconds(unit.substring(4));
    return new Value(score * perSecond, error * perSecond);
  }

  /** Time per operation in milliseconds; only for {@code avgt}, {@code sample}, {@code ss} results. */
  public Value millisPerOp() {
    if (!unit.endsWith("/op")) {
      throw new ReportInputException(benchmark + " (" + mode + "): unit " + unit + " is not a time per operation");
    }
    double ms = Units.seconds(unit.substring(0, unit.length() - 3)) * 1e3;
    return new Value(score * ms, error * ms);
  }

  /** A percentile of a {@code sample} result in milliseconds, or NaN when absent. */
  public double percentileMillis(double pct) {
    Double v = percentiles.get(pct);
    return v == null ? Double.NaN : v * Units.seconds(unit.substring(0, unit.length() - 3)) * 1e3;
  }

  /** Time-unit names JMH writes. */
  static final class Units {
    private Units() {}

    static double seconds(String u) {
      return switch (u) {
        case "ns" -> 1e-9;
        case "us" -> 1e-6;
        case "ms" -> 1e-3;
        case "s" -> 1.0;
        case "min" -> 60.0;
        default -> throw new ReportInputException("Unknown JMH time unit '" + u + "'");
      };
    }
  }
}
