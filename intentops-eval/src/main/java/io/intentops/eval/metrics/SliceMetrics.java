package io.intentops.eval.metrics;

import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.SliceReport;
import io.intentops.core.report.SliceScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Accuracy per input slice of an intent test set, computed from the texts alone. The datasets carry no
 * attributes of the people who wrote the texts (no demographics, dialect or region labels), so
 * fairness across user groups cannot be measured; these slices measure robustness to the form of the
 * input instead. Families (each partitions the test set):
 *
 * <ul>
 *   <li>{@code length}: words = whitespace-separated tokens; {@code length.short} 1-6 words,
 *       {@code length.medium} 7-12, {@code length.long} 13 or more. Fixed boundaries (not fitted to
 *       the data), so two reports slice the same way.</li>
 *   <li>{@code form}: {@code form.question} when the trimmed text ends with {@code ?}, else
 *       {@code form.statement}.</li>
 *   <li>{@code casing}: {@code casing.lowercase} when the text has no upper-case letter (informal
 *       typing), else {@code casing.mixed}.</li>
 *   <li>{@code digits}: {@code digits.with} when the text contains a decimal digit (amounts, dates,
 *       card numbers), else {@code digits.without}.</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class SliceMetrics {
  /** Default minimum slice size for the disparity and for flags. */
  public static final int DEFAULT_MIN_EXAMPLES = 100;
  /** Default accuracy margin below overall that flags a slice (5 points). */
  public static final double DEFAULT_FLAG_MARGIN = 0.05;
  /** Upper word count of {@code length.short}. */
  public static final int SHORT_MAX_WORDS = 6;
  /** Upper word count of {@code length.medium}. */
  public static final int MEDIUM_MAX_WORDS = 12;

  private record Def(String family, String name, String definition, Predicate<String> member) {}

  private static final List<Def> DEFS = List.of(
      new Def("length", "length.short", "1-" + SHORT_MAX_WORDS + " words", t -> words(t) <= SHORT_MAX_WORDS),
      new Def("length", "length.medium", (SHORT_MAX_WORDS + 1) + "-" + MEDIUM_MAX_WORDS + " words",
          t -> words(t) > SHORT_MAX_WORDS && words(t) <= MEDIUM_MAX_WORDS),
      new Def("length", "length.long", (MEDIUM_MAX_WORDS + 1) + "+ words", t -> words(t) > MEDIUM_MAX_WORDS),
      new Def("form", "form.question", "ends with '?'", t -> t.strip().endsWith("?")),
      new Def("form", "form.statement", "does not end with '?'", t -> !t.strip().endsWith("?")),
      new Def("casing", "casing.lowercase", "no upper-case letter", t -> t.equals(t.toLowerCase(Locale.ROOT))),
      new Def("casing", "casing.mixed", "has an upper-case letter", t -> !t.equals(t.toLowerCase(Locale.ROOT))),
      new Def("digits", "digits.with", "contains a digit", SliceMetrics::hasDigit),
      new Def("digits", "digits.without", "contains no digit", t -> !hasDigit(t)));

  private SliceMetrics() {}

  /** Number of whitespace-separated words in {@code text}. */
  public static int words(String text) {
    String s = text.strip();
    return s.isEmpty() ? 0 : s.split("\\s+").length;
  }

  private static boolean hasDigit(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isDigit(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Slices with the defaults ({@value #DEFAULT_MIN_EXAMPLES} texts, 5-point margin, 15 calibration bins). */
  public static SliceReport intentSlices(List<String> texts, List<String> gold, List<String> predicted,
      double[] confidence, Bootstrap bootstrap) {
    return intentSlices(texts, gold, predicted, confidence, bootstrap, DEFAULT_MIN_EXAMPLES, DEFAULT_FLAG_MARGIN,
        CalibrationMetrics.DEFAULT_BINS);
  }

  /**
   * Slice metrics over parallel lists (one entry per test text).
   *
   * @param confidence top-1 confidence per text, in [0, 1]
   * @param minExamples texts a slice needs to count for disparity and flags, at least 1
   * @param flagMargin accuracy drop below overall that flags a slice, in [0, 1]
   * @param bins calibration bins for the per-slice ECE
   * @throws io.intentops.core.InvalidInputException on mismatched or empty lists or bad settings
   */
  public static SliceReport intentSlices(List<String> texts, List<String> gold, List<String> predicted,
      double[] confidence, Bootstrap bootstrap, int minExamples, double flagMargin, int bins) {
    Args.sameNonEmpty(gold, predicted, "slice metrics");
    Args.sameNonEmpty(texts, gold, "slice metrics");
    if (confidence.length != gold.size()) {
      throw Args.invalid("slice metrics: " + confidence.length + " confidences for " + gold.size() + " texts");
    }
    if (minExamples < 1) {
      throw Args.invalid("slice minExamples must be >= 1, got " + minExamples);
    }
    if (!(flagMargin >= 0 && flagMargin <= 1)) {
      throw Args.invalid("slice flagMargin must be in [0, 1], got " + flagMargin);
    }
    double overall = ClassificationMetrics.accuracy(gold, predicted);
    List<SliceScores> out = new ArrayList<>();
    Map<String, double[]> range = new LinkedHashMap<>(); // family -> {min, max, eligible count}
    List<String> flags = new ArrayList<>();
    for (Def d : DEFS) {
      List<String> g = new ArrayList<>();
      List<String> p = new ArrayList<>();
      List<Double> c = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        if (d.member().test(texts.get(i))) {
          g.add(gold.get(i));
          p.add(predicted.get(i));
          c.add(confidence[i]);
        }
      }
      int n = g.size();
      ConfidenceInterval acc;
      double ece = 0;
      if (n == 0) {
        acc = new ConfidenceInterval(0, 0, 0, bootstrap.level(), 0, bootstrap.seed());
      } else {
        acc = ClassificationMetrics.accuracyWithCi(g, p, bootstrap);
        double[] conf = c.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
          ok[i] = g.get(i).equals(p.get(i));
        }
        ece = CalibrationMetrics.ece(conf, ok, bins);
      }
      boolean eligible = n >= minExamples;
      out.add(new SliceScores(d.family(), d.name(), d.definition(), n, acc, ece, eligible));
      if (eligible) {
        double[] r = range.computeIfAbsent(d.family(), k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, 0});
        r[0] = Math.min(r[0], acc.estimate());
        r[1] = Math.max(r[1], acc.estimate());
        r[2]++;
        if (acc.estimate() < overall - flagMargin) {
          flags.add(d.name());
        }
      }
    }
    double disparity = 0;
    String family = "";
    for (Map.Entry<String, double[]> e : range.entrySet()) {
      double[] r = e.getValue();
      if (r[2] >= 2 && r[1] - r[0] > disparity) {
        disparity = r[1] - r[0];
        family = e.getKey();
      }
    }
    return new SliceReport(minExamples, flagMargin, overall, out, disparity, family, flags);
  }
}
