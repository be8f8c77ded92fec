package io.intentops.eval.report;

import static io.intentops.eval.report.SvgCharts.esc;

import io.intentops.core.report.ClassScores;
import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.DatasetManifest;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.ExplainedText;
import io.intentops.core.report.ExplanationSection;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.ModelInfo;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.OosSection;
import io.intentops.core.report.RobustnessSection;
import io.intentops.core.report.RunInfo;
import io.intentops.core.report.SliceReport;
import io.intentops.core.report.SliceScores;
import io.intentops.core.report.WordScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link EvalReport} as one self-contained HTML page: headline tables and inline SVG charts
 * (confusion-matrix heat map, reliability diagram, ROC curve, per-type NER F1 bars, lowest per-intent
 * F1, robustness under perturbations) and, when the report has explanations, their faithfulness with highlighted words for the most
 * confident errors and the texts flagged out of scope. No scripts and no external resources, so the page can be archived and opened offline.
 * Stateless and thread-safe.
 */
public final class HtmlReport {
  /** Intents listed in the "lowest F1" chart. */
  static final int WORST_INTENTS = 15;

  private HtmlReport() {}

  /** The HTML page. */
  public static String render(EvalReport r) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>IntentOps evaluation report</title><style>")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px}")
        .append("th{background:#f3f3f3}h2{border-bottom:2px solid #1f5fbf;padding-bottom:4px;margin-top:32px}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}code{font-size:12px}")
        .append(".explained{font-size:15px;line-height:1.8}.explained span{border-radius:3px;padding:1px 2px}")
        .append("</style></head><body>\n");
    sb.append("<h1>IntentOps evaluation report</h1>\n");
    RunInfo run = r.run();
    sb.append("<table class=\"run\">");
    row(sb, "created", r.createdAt().toString());
    row(sb, "code commit", run.codeCommit() == null ? "unknown" : run.codeCommit());
    row(sb, "JVM", run.javaVersion() + " (" + run.javaVendor() + ", " + run.vmName() + ")");
    row(sb, "OS / CPU", run.os() + " " + run.arch() + " / " + (run.cpuModel() == null ? "unknown CPU" : run.cpuModel())
        + ", " + run.availableProcessors() + " processors");
    row(sb, "wall clock", String.format(Locale.ROOT, "%.1f s", run.wallSeconds()));
    sb.append("</table>\n");
    if (!r.models().isEmpty()) {
      sb.append("<h2>Models</h2><table><tr><th>name</th><th>version</th><th>task</th><th>manifest SHA-256</th></tr>");
      for (ModelInfo m : r.models()) {
        sb.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(esc(m.version().toString()))
            .append("</td><td>").append(esc(m.task().id())).append("</td><td><code>")
            .append(m.manifestSha256() == null ? "" : esc(m.manifestSha256().hex())).append("</code></td></tr>");
      }
      sb.append("</table>\n");
    }
    for (IntentSection s : r.intent()) {
      intent(sb, s);
    }
    if (r.oos() != null) {
      oos(sb, r.oos());
    }
    for (NerSection s : r.ner()) {
      ner(sb, s);
    }
    if (r.explanations() != null) {
      explanations(sb, r.explanations());
    }
    if (r.robustness() != null) {
      robustness(sb, r.robustness());
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void intent(StringBuilder sb, IntentSection s) {
    sb.append("<h2 class=\"section-intent\">Intent: ").append(esc(title(s.dataset()))).append(" (").append(s.role().id()).append(")</h2>\n");
    sb.append("<table>");
    row(sb, "accuracy (95 % CI)", ci(s.classification().accuracy()));
    row(sb, "macro-F1", f(s.classification().macroF1()));
    row(sb, "weighted F1", f(s.classification().weightedF1()));
    row(sb, "ECE / MCE (" + s.calibration().bins().size() + " bins)", f(s.calibration().ece()) + " / " + f(s.calibration().mce()));
    row(sb, "throughput", String.format(Locale.ROOT, "%.1f texts/s over %d texts", s.timing().examplesPerSecond(), s.timing().examples()));
    dataset(sb, s.dataset());
    sb.append("</table>\n");
    if (s.slices() != null) {
      slices(sb, s.slices());
    }
    sb.append("<div class=\"charts\">");
    sb.append(SvgCharts.confusionHeatmap(s.classification().confusion()));
    sb.append(SvgCharts.reliability(s.calibration()));
    Map<String, Double> worst = new LinkedHashMap<>();
    s.classification().perClass().entrySet().stream()
        .filter(e -> e.getValue().support() > 0)
        .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparingDouble(ClassScores::f1)))
        .limit(WORST_INTENTS)
        .forEach(e -> worst.put(e.getKey(), e.getValue().f1()));
    sb.append(SvgCharts.bars(worst, "Lowest per-intent F1"));
    sb.append("</div>\n");
  }

  private static void slices(StringBuilder sb, SliceReport r) {
    sb.append("<h3>Slices</h3><p>").append(esc(String.format(Locale.ROOT,
        "Disparity (largest accuracy gap within a family) %.4f%s; fairness flags (eligible slices more than %.2f below "
            + "overall accuracy %.4f): %s. Slices under %d texts are not eligible.",
        r.disparity(), r.disparityFamily().isEmpty() ? "" : " in " + r.disparityFamily(), r.flagMargin(),
        r.overallAccuracy(), r.flags().isEmpty() ? "none" : String.join(", ", r.flags()), r.minExamples())))
        .append("</p><table class=\"slices\"><tr><th>slice</th><th>definition</th><th>texts</th>")
        .append("<th>accuracy (95 % CI)</th><th>ECE</th><th>eligible</th></tr>");
    for (SliceScores x : r.slices()) {
      sb.append("<tr><td>").append(esc(x.name())).append("</td><td>").append(esc(x.definition())).append("</td><td>")
          .append(x.examples()).append("</td><td>").append(esc(x.examples() == 0 ? "n/a" : ci(x.accuracy())))
          .append("</td><td>").append(f(x.ece())).append("</td><td>").append(x.eligible() ? "yes" : "no")
          .append("</td></tr>");
    }
    sb.append("</table>\n");
  }

  private static void oos(StringBuilder sb, OosSection s) {
    sb.append("<h2 class=\"section-oos\">Out of scope: ").append(esc(title(s.inScope()))).append(" vs ")
        .append(esc(title(s.outOfScope()))).append("</h2>\n<table>");
    row(sb, "AUROC (95 % CI)", ci(s.auroc()));
    row(sb, "AUPR (OOS positive)", f(s.aupr()));
    row(sb, "FPR at 95 % TPR", f(s.fprAt95Tpr()));
    var t = s.atThreshold();
    row(sb, "threshold", Double.isNaN(t.threshold()) ? "model's own decision" : f(t.threshold()));
    row(sb, "in-scope accuracy / OOS recall", f(t.inScopeAccuracy()) + " / " + f(t.oosRecall()));
    dataset(sb, s.inScope());
    dataset(sb, s.outOfScope());
    sb.append("</table>\n<div class=\"charts\">").append(SvgCharts.rocCurve(s.roc(), s.auroc().estimate())).append("</div>\n");
  }

  private static void ner(StringBuilder sb, NerSection s) {
    NerScores sc = s.scores();
    sb.append("<h2 class=\"section-ner\">NER: ").append(esc(title(s.dataset()))).append(" (").append(s.role().id())
        .append(")</h2>\n<table>");
    row(sb, "entity F1 (95 % CI, " + sc.mode().name().toLowerCase(Locale.ROOT) + ")", ci(s.f1()));
    row(sb, "entity precision / recall", f(sc.precision()) + " / " + f(sc.recall()));
    row(sb, "entities correct / predicted / gold", sc.correct() + " / " + sc.predicted() + " / " + sc.gold());
    row(sb, "token micro-F1 (without O)", f(sc.tokenMicroF1()));
    row(sb, "throughput", String.format(Locale.ROOT, "%.1f sentences/s", s.timing().examplesPerSecond()));
    dataset(sb, s.dataset());
    sb.append("</table>\n<div class=\"charts\">");
    Map<String, Double> perType = new LinkedHashMap<>();
    sc.perType().forEach((k, v) -> perType.put(k, v.f1()));
    sb.append(SvgCharts.bars(perType, "F1 per entity type"));
    sb.append("</div>\n");
  }

  private static void explanations(StringBuilder sb, ExplanationSection s) {
    sb.append("<h2 class=\"section-explanations\">Explanations: ").append(esc(title(s.dataset()))).append(" (")
        .append(esc(s.method())).append(")</h2>\n<p>").append(esc("ERASER faithfulness against a random attribution "
            + "(seed " + s.randomSeed() + "): comprehensiveness removes the top-k words (higher is more faithful), "
            + "sufficiency keeps only them (lower is more faithful); AOPC averages over the fractions; gains are per-text "
            + "differences from the random baseline with a bootstrap 95 % CI (positive: better than random)."))
        .append("</p><table>");
    row(sb, "AOPC comprehensiveness (95 % CI)", ci(s.aopcComprehensiveness()) + "; random " + f(mean(s.randomComprehensiveness())));
    row(sb, "AOPC sufficiency (95 % CI)", ci(s.aopcSufficiency()) + "; random " + f(mean(s.randomSufficiency())));
    row(sb, "comprehensiveness gain over random", ci(s.comprehensivenessGain()));
    row(sb, "sufficiency gain over random", ci(s.sufficiencyGain()));
    row(sb, "texts", s.examples() + " evaluated, " + s.skipped() + " skipped (fewer than two words)");
    row(sb, "cost", String.format(Locale.ROOT, "%.2f explanations/s over %d texts (%.1f s)%s", s.timing().examplesPerSecond(),
        s.timing().examples(), s.timing().wallSeconds(),
        s.loadAverage() == null ? "" : String.format(Locale.ROOT, ", load average %.2f", s.loadAverage())));
    dataset(sb, s.dataset());
    sb.append("</table>\n<table class=\"faithfulness\"><tr><th>top-k fraction</th><th>comprehensiveness</th>")
        .append("<th>random</th><th>sufficiency</th><th>random</th></tr>");
    for (int i = 0; i < s.fractions().size(); i++) {
      sb.append("<tr><td>").append(String.format(Locale.ROOT, "%.0f %%", 100 * s.fractions().get(i))).append("</td><td>")
          .append(f(s.comprehensiveness().get(i))).append("</td><td>").append(f(s.randomComprehensiveness().get(i)))
          .append("</td><td>").append(f(s.sufficiency().get(i))).append("</td><td>")
          .append(f(s.randomSufficiency().get(i))).append("</td></tr>");
    }
    sb.append("</table>\n");
    highlights(sb, s, "error", "Most confident errors",
        "green: supports the (wrong) predicted intent, red: speaks against it");
    highlights(sb, s, "oos", "Texts flagged out of scope",
        "orange: makes the text look out of scope, blue: makes it look in scope");
  }

  private static void highlights(StringBuilder sb, ExplanationSection s, String kind, String heading, String legend) {
    List<ExplainedText> xs = s.highlights().stream().filter(h -> h.kind().equals(kind)).toList();
    if (xs.isEmpty()) {
      return;
    }
    boolean oos = kind.equals("oos");
    sb.append("<h3>").append(esc(heading)).append("</h3><p>").append(esc(legend))
        .append("</p><table class=\"highlights\"><tr><th>text</th><th>gold</th><th>predicted</th><th>")
        .append(oos ? "OOS score" : "confidence").append("</th></tr>");
    for (ExplainedText x : xs) {
      sb.append("<tr><td class=\"explained\">");
      double max = 1e-12;
      for (WordScore w : x.words()) {
        max = Math.max(max, Math.abs(oos ? w.oos() : w.intent()));
      }
      int at = 0;
      for (WordScore w : x.words()) {
        double v = (oos ? w.oos() : w.intent()) / max;
        String rgb = v >= 0 ? (oos ? "230,126,34" : "39,174,96") : (oos ? "52,152,219" : "192,57,43");
        sb.append(esc(x.text().substring(at, w.start()))).append("<span title=\"")
            .append(String.format(Locale.ROOT, "%+.4f", oos ? w.oos() : w.intent()))
            .append(String.format(Locale.ROOT, "\" style=\"background:rgba(%s,%.2f)\">", rgb, Math.abs(v) * 0.8))
            .append(esc(x.text().substring(w.start(), w.end()))).append("</span>");
        at = w.end();
      }
      sb.append(esc(x.text().substring(at))).append("</td><td>").append(esc(x.gold())).append("</td><td>")
          .append(esc(x.predicted())).append("</td><td>").append(f(oos ? x.oosScore() : x.confidence()))
          .append("</td></tr>");
    }
    sb.append("</table>\n");
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static void robustness(StringBuilder sb, RobustnessSection s) {
    sb.append("<h2 class=\"section-robustness\">Robustness: ").append(esc(title(s.dataset())))
        .append(" under seeded perturbations (seed ").append(s.seed()).append(")</h2>\n")
        .append("<table class=\"robustness\"><tr><th>perturbation</th><th>texts changed</th><th>accuracy</th>")
        .append("<th>drop (points)</th><th>macro-F1</th><th>drop (points)</th><th>flagged out of scope</th>")
        .append("<th>increase (points)</th><th>what</th></tr>");
    robustnessRow(sb, s.clean());
    s.perturbed().forEach(p -> robustnessRow(sb, p));
    sb.append("</table>\n");
  }

  private static void robustnessRow(StringBuilder sb, RobustnessSection.PerturbationScores p) {
    sb.append("<tr><td>").append(esc(p.perturbation())).append("</td><td>").append(p.changed()).append(" / ")
        .append(p.examples()).append("</td><td>").append(f(p.accuracy())).append("</td><td>")
        .append(String.format(Locale.ROOT, "%.2f", 100 * p.accuracyDrop())).append("</td><td>").append(f(p.macroF1()))
        .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", 100 * p.macroF1Drop())).append("</td><td>")
        .append(f(p.falseOosRate())).append("</td><td>")
        .append(String.format(Locale.ROOT, "%.2f", 100 * p.falseOosIncrease())).append("</td><td>")
        .append(esc(p.description())).append("</td></tr>");
  }

  private static void dataset(StringBuilder sb, DatasetManifest d) {
    row(sb, "dataset " + d.name() + "/" + d.split(), d.examples() + " examples, " + d.license() + ", file SHA-256 "
        + d.fileSha256().hex().substring(0, 16) + "\u2026");
  }

  private static String title(DatasetManifest d) {
    return d.name() + "/" + d.split();
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  private static String ci(ConfidenceInterval c) {
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", c.estimate(), c.lower(), c.upper());
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
