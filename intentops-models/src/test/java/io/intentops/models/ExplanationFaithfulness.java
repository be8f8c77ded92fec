package io.intentops.models;

import io.intentops.core.Clock;
import io.intentops.core.IntentPrediction;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.ExplanationSection;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.ModelInfo;
import io.intentops.core.report.SplitRole;
import io.intentops.core.report.WordScore;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.explain.AttributedText;
import io.intentops.eval.explain.Attributor;
import io.intentops.eval.explain.Faithfulness;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.harness.EvalProgress;
import io.intentops.eval.report.EvalReports;
import io.intentops.eval.report.RunEnvironment;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.explain.ExplanationMethod;
import io.intentops.inference.explain.WordAttribution;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures the faithfulness of {@link IntentPredictor#explain} on BANKING77 test with the reference bundle
 * and writes {@code eval.json} (intent section from the explained full texts, plus the {@code explanations}
 * section) and {@code report.html}. Run from the repository root:
 *
 * <pre>
 * INTENTOPS_DATASETS=/work/shared/datasets nice mvn -B -ntp -q -pl intentops-models -am package -DskipTests \
 *     -Pexplain-faithfulness [-Dexplain.args="--subset 500"]
 * </pre>
 *
 * Arguments: {@code --out DIR} (default {@code target/explain}), {@code --subset N} (a seeded random subset
 * of N test texts, seed 2025; default 0 = the whole split), {@code --method occlusion|shapley},
 * {@code --threads N} (ONNX Runtime intra-op threads, default 2); {@code --render DIR} only rewrites
 * {@code DIR/report.html} (and {@code eval.json}, unchanged) from {@code DIR/eval.json}.
 */
public final class ExplanationFaithfulness {
  private ExplanationFaithfulness() {}

  /** What one run produced. */
  record Result(EvalReport report, Path dir) {}

  public static void main(String[] args) {
    Path out = Path.of("target/explain");
    int subset = 0;
    int threads = 2;
    ExplanationMethod method = ExplanationMethod.OCCLUSION;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--subset" -> subset = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--render" -> {
          // Re-renders report.html from an existing eval.json (e.g. after a change to the HTML report).
          Path dir = Path.of(args[++i]);
          EvalReports.write(EvalJson.read(dir.resolve(EvalReports.JSON_FILE)), dir);
          System.out.println("rendered " + dir.resolve(EvalReports.HTML_FILE));
          return;
        }
        case "--method" -> method = args[++i].equals("shapley") ? ExplanationMethod.SAMPLED_SHAPLEY
            : ExplanationMethod.valueOf(args[i].toUpperCase(Locale.ROOT));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --out DIR, --subset N, --method occlusion|shapley, --threads N, --render DIR)");
      }
    }
    Path csv = DatasetPaths.find("banking77/test.csv").orElseThrow(() -> new IllegalStateException(DatasetPaths.HOW_TO_GET));
    EvalProgress lines = new EvalProgress() {
      long total;

      @Override
      public void start(String task, long n) {
        total = n;
        System.out.println(task + ": " + n + " texts");
      }

      @Override
      public void advance(long done) {
        if (done % 100 == 0 || done == total) {
          System.out.printf(Locale.ROOT, "%d/%d (load %.2f)%n", done, total, load());
        }
      }

      @Override
      public void finish() {}
    };
    Result r = run(DatasetReaders.banking77(csv), subset, method, threads, out, lines, Clock.system());
    ExplanationSection s = r.report().explanations();
    System.out.printf(Locale.ROOT, "%s on %s/%s: %d texts (%d skipped)%n", s.method(), s.dataset().name(),
        s.dataset().split(), s.examples(), s.skipped());
    System.out.printf(Locale.ROOT, "AOPC comprehensiveness %.4f [%.4f, %.4f] vs random %.4f; gain %.4f [%.4f, %.4f]%n",
        s.aopcComprehensiveness().estimate(), s.aopcComprehensiveness().lower(), s.aopcComprehensiveness().upper(),
        mean(s.randomComprehensiveness()), s.comprehensivenessGain().estimate(), s.comprehensivenessGain().lower(),
        s.comprehensivenessGain().upper());
    System.out.printf(Locale.ROOT, "AOPC sufficiency %.4f [%.4f, %.4f] vs random %.4f; gain %.4f [%.4f, %.4f]%n",
        s.aopcSufficiency().estimate(), s.aopcSufficiency().lower(), s.aopcSufficiency().upper(),
        mean(s.randomSufficiency()), s.sufficiencyGain().estimate(), s.sufficiencyGain().lower(),
        s.sufficiencyGain().upper());
    System.out.printf(Locale.ROOT, "per fraction %s: comprehensiveness %s random %s; sufficiency %s random %s%n",
        s.fractions(), round(s.comprehensiveness()), round(s.randomComprehensiveness()), round(s.sufficiency()),
        round(s.randomSufficiency()));
    System.out.printf(Locale.ROOT, "explanations: %d in %.1f s = %.2f per second (not JMH), load average %.2f%n",
        s.timing().examples(), s.timing().wallSeconds(), s.timing().examplesPerSecond(), s.loadAverage());
    System.out.println("wrote " + r.dir().resolve(EvalReports.JSON_FILE) + " and " + EvalReports.HTML_FILE);
  }

  static Result run(TextClassificationDataset test, int subset, ExplanationMethod method, int threads, Path out,
      EvalProgress progress, Clock clock) {
    TextClassificationDataset data = subset > 0 && subset < test.size() ? subset(test, subset) : test;
    Instant started = clock.instant();
    long t0 = clock.nanoTime();
    ExplainConfig config = ExplainConfig.custom().method(method).build();
    List<IntentPrediction> fullTexts = new ArrayList<>();
    try (IntentPredictor p = ReferenceModels.banking77IntentBuilder().intraOpThreads(threads).topK(Integer.MAX_VALUE)
        .build()) {
      Attributor attributor = text -> {
        Explanation e = p.explain(text, config);
        fullTexts.add(e.prediction());
        return toAttributed(e);
      };
      ExplanationSection section = Faithfulness.custom().clock(clock).progress(progress).build()
          .evaluate(data, method.name().toLowerCase(Locale.ROOT), attributor, p, null);
      section = withLoad(section, load());
      EvalHarness harness = EvalHarness.builder().clock(clock).build();
      IntentSection intent = harness.intentSection(data, fullTexts, SplitRole.TEST,
          (long) (section.timing().wallSeconds() * 1e9));
      double wall = (clock.nanoTime() - t0) / 1e9;
      EvalReport report = new EvalReport(EvalReport.SCHEMA_VERSION, clock.instant(), RunEnvironment.capture(started, wall),
          List.of(ModelInfo.of(p.manifest())), List.of(intent), null, List.of(), section, null);
      Path json = EvalReports.write(report, out);
      return new Result(EvalJson.read(json), out);
    }
  }

  static AttributedText toAttributed(Explanation e) {
    List<WordScore> words = new ArrayList<>(e.words().size());
    for (WordAttribution w : e.words()) {
      words.add(new WordScore(w.start(), w.end(), w.intent(), w.oos()));
    }
    IntentPrediction p = e.prediction();
    return new AttributedText(e.text(), e.target(), p.score(), p.outOfScope(), p.oosScore(), words);
  }

  /** A seeded (2025) random subset of {@code n} examples, in their original order. */
  static TextClassificationDataset subset(TextClassificationDataset d, int n) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new java.util.Random(2025));
    List<Integer> chosen = new ArrayList<>(idx.subList(0, n));
    Collections.sort(chosen);
    List<LabeledText> ex = new ArrayList<>(n);
    for (int i : chosen) {
      ex.add(d.examples().get(i));
    }
    return TextClassificationDataset.of(d.manifest().name(), d.manifest().split() + "-subset" + n + "-seed2025", ex);
  }

  private static ExplanationSection withLoad(ExplanationSection s, double load) {
    return new ExplanationSection(s.dataset(), s.method(), s.examples(), s.skipped(), s.fractions(),
        s.comprehensiveness(), s.sufficiency(), s.randomComprehensiveness(), s.randomSufficiency(),
        s.aopcComprehensiveness(), s.aopcSufficiency(), s.comprehensivenessGain(), s.sufficiencyGain(), s.randomSeed(),
        s.timing(), load >= 0 ? load : null, s.highlights());
  }

  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static List<String> round(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.4f", x)).toList();
  }
}
