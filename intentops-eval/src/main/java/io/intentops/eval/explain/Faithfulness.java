package io.intentops.eval.explain;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.DatasetManifest;
import io.intentops.core.report.ExplainedText;
import io.intentops.core.report.ExplanationSection;
import io.intentops.core.report.Timing;
import io.intentops.core.report.WordScore;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.harness.EvalProgress;
import io.intentops.eval.metrics.Bootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * ERASER faithfulness (comprehensiveness, sufficiency, AOPC) of an {@link Attributor} against a seeded
 * random attribution of the same words, with bootstrap intervals over texts. Definitions are on
 * {@link ExplanationSection}. Perturbed texts are the kept words joined by single spaces, scored with one
 * {@code predictBatch} call per text; the predictor must return the full distribution in
 * {@link IntentPrediction#topK()} (build it with a top-k of at least the label count). Immutable and
 * thread-safe; build with {@link #custom()}.
 */
public final class Faithfulness {
  /** The ERASER top-k fractions: 1, 5, 10, 20 and 50 %. */
  public static final List<Double> DEFAULT_FRACTIONS = List.of(0.01, 0.05, 0.10, 0.20, 0.50);
  /** Seed of the random baseline. */
  public static final long DEFAULT_SEED = 2025L;
  /** Highlighted texts per kind (errors, out of scope) in the report. */
  public static final int DEFAULT_HIGHLIGHTS = 8;

  private final List<Double> fractions;
  private final long seed;
  private final Bootstrap bootstrap;
  private final int highlights;
  private final Clock clock;
  private final EvalProgress progress;

  private Faithfulness(Builder b) {
    this.fractions = b.fractions;
    this.seed = b.seed;
    this.bootstrap = b.bootstrap;
    this.highlights = b.highlights;
    this.clock = b.clock;
    this.progress = b.progress;
  }

  /** A builder with the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The top-k fractions. */
  public List<Double> fractions() {
    return fractions;
  }

  /**
   * Explains every text of {@code data} with {@code attributor} and measures faithfulness with {@code predictor}.
   *
   * @param method name of the attribution method, recorded in the section (e.g. {@code occlusion})
   * @param loadAverage one-minute load average to record with the timing, or null
   * @throws ConfigurationException when the predictor's top-k lacks the explained intent
   */
  public ExplanationSection evaluate(TextClassificationDataset data, String method, Attributor attributor,
      Predictor<String, IntentPrediction> predictor, @Nullable Double loadAverage) {
    Objects.requireNonNull(method, "method");
    List<LabeledText> examples = data.examples();
    int f = fractions.size();
    List<double[]> compE = new ArrayList<>();
    List<double[]> suffE = new ArrayList<>();
    List<double[]> compR = new ArrayList<>();
    List<double[]> suffR = new ArrayList<>();
    List<ExplainedText> errors = new ArrayList<>();
    List<ExplainedText> flagged = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    long explainNanos = 0;
    int skipped = 0;
    progress.start("explanations " + data.manifest().name() + "/" + data.manifest().split(), examples.size());
    for (int i = 0; i < examples.size(); i++) {
      LabeledText ex = examples.get(i);
      // One split per text, drawn for every text, so a text's baseline does not depend on which others were skipped.
      SplittableRandom rnd = random.split();
      long t0 = clock.nanoTime();
      AttributedText a = attributor.explain(ex.text());
      explainNanos += clock.nanoTime() - t0;
      collect(ex, a, errors, flagged);
      int n = a.words().size();
      if (n < 2) {
        skipped++;
        progress.advance(i + 1);
        continue;
      }
      int[] byScore = rankByScore(a.words());
      int[] byChance = shuffle(n, rnd);
      List<String> variants = new ArrayList<>();
      String[][] texts = new String[4][f];
      for (int j = 0; j < f; j++) {
        int k = Math.max(1, Math.min(n - 1, (int) Math.ceil(fractions.get(j) * n)));
        texts[0][j] = join(a, byScore, k, false);
        texts[1][j] = join(a, byScore, k, true);
        texts[2][j] = join(a, byChance, k, false);
        texts[3][j] = join(a, byChance, k, true);
      }
      LinkedHashSet<String> unique = new LinkedHashSet<>();
      unique.add(ex.text());
      for (String[] row : texts) {
        unique.addAll(Arrays.asList(row));
      }
      variants.addAll(unique);
      List<IntentPrediction> preds = predictor.predictBatch(variants);
      Map<String, Double> p = new HashMap<>();
      for (int v = 0; v < variants.size(); v++) {
        p.put(variants.get(v), probability(preds.get(v), a.target()));
      }
      double full = p.get(ex.text());
      double[][] rows = new double[4][f];
      for (int r = 0; r < 4; r++) {
        for (int j = 0; j < f; j++) {
          rows[r][j] = full - p.get(texts[r][j]);
        }
      }
      compE.add(rows[0]);
      suffE.add(rows[1]);
      compR.add(rows[2]);
      suffR.add(rows[3]);
      progress.advance(i + 1);
    }
    progress.finish();
    int m = compE.size();
    if (m == 0) {
      throw new ConfigurationException("no text of " + data.manifest().name() + "/" + data.manifest().split()
          + " has two or more words; faithfulness needs at least one");
    }
    double[] aCompE = aopc(compE);
    double[] aSuffE = aopc(suffE);
    double[] aCompR = aopc(compR);
    double[] aSuffR = aopc(suffR);
    double[] compGain = new double[m];
    double[] suffGain = new double[m];
    for (int i = 0; i < m; i++) {
      compGain[i] = aCompE[i] - aCompR[i];
      suffGain[i] = aSuffR[i] - aSuffE[i];
    }
    errors.sort(Comparator.comparingDouble(ExplainedText::confidence).reversed());
    flagged.sort(Comparator.comparingDouble(ExplainedText::oosScore).reversed());
    List<ExplainedText> shown = new ArrayList<>(errors.subList(0, Math.min(highlights, errors.size())));
    shown.addAll(flagged.subList(0, Math.min(highlights, flagged.size())));
    double seconds = explainNanos / 1e9;
    Timing timing = new Timing(examples.size(), seconds, seconds > 0 ? examples.size() / seconds : 0.0, 1);
    DatasetManifest dm = data.manifest();
    return new ExplanationSection(dm, method, m, skipped, fractions, means(compE), means(suffE), means(compR),
        means(suffR), interval(aCompE), interval(aSuffE), interval(compGain), interval(suffGain), seed, timing,
        loadAverage, shown);
  }

  private void collect(LabeledText ex, AttributedText a, List<ExplainedText> errors, List<ExplainedText> flagged) {
    if (a.outOfScope()) {
      flagged.add(new ExplainedText("oos", ex.text(), ex.label(), a.target(), a.confidence(), a.oosScore(), a.words()));
    } else if (!a.target().equals(ex.label())) {
      errors.add(new ExplainedText("error", ex.text(), ex.label(), a.target(), a.confidence(), a.oosScore(),
          a.words()));
    }
  }

  private ConfidenceInterval interval(double[] perText) {
    return bootstrap.interval(perText.length, w -> {
      double s = 0;
      long n = 0;
      for (int i = 0; i < perText.length; i++) {
        s += w[i] * perText[i];
        n += w[i];
      }
      return s / n;
    });
  }

  private static double[] aopc(List<double[]> perText) {
    double[] out = new double[perText.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.stream(perText.get(i)).average().orElseThrow();
    }
    return out;
  }

  private List<Double> means(List<double[]> perText) {
    List<Double> out = new ArrayList<>(fractions.size());
    for (int j = 0; j < fractions.size(); j++) {
      double s = 0;
      for (double[] row : perText) {
        s += row[j];
      }
      out.add(s / perText.size());
    }
    return out;
  }

  /** Word indices by attribution, highest first; ties keep text order. */
  static int[] rankByScore(List<WordScore> words) {
    Integer[] idx = new Integer[words.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -words.get(i).intent()).thenComparingInt(i -> i));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  private static int[] shuffle(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The words in text order, without ({@code onlyTop} false) or with only ({@code true}) the first k of {@code rank}. */
  static String join(AttributedText a, int[] rank, int k, boolean onlyTop) {
    boolean[] top = new boolean[a.words().size()];
    for (int i = 0; i < k; i++) {
      top[rank[i]] = true;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < top.length; i++) {
      if (top[i] == onlyTop) {
        WordScore w = a.words().get(i);
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(a.text(), w.start(), w.end());
      }
    }
    return sb.toString();
  }

  private static double probability(IntentPrediction p, String target) {
    for (ScoredLabel s : p.topK()) {
      if (s.label().equals(target)) {
        return s.score();
      }
    }
    throw new ConfigurationException("the predictor's top-" + p.topK().size() + " lacks the explained intent '"
        + target + "'; faithfulness needs the full distribution (build the predictor with topK >= the label count)");
  }

  /** Builds {@link Faithfulness}; not thread-safe. */
  public static final class Builder {
    private List<Double> fractions = DEFAULT_FRACTIONS;
    private long seed = DEFAULT_SEED;
    private Bootstrap bootstrap = Bootstrap.DEFAULT;
    private int highlights = DEFAULT_HIGHLIGHTS;
    private Clock clock = Clock.system();
    private EvalProgress progress = EvalProgress.NONE;

    Builder() {}

    /** Top-k fractions, each in (0, 1], at least one (default {@link #DEFAULT_FRACTIONS}). */
    public Builder fractions(List<Double> fractions) {
      List<Double> copy = List.copyOf(fractions);
      if (copy.isEmpty()) {
        throw new ConfigurationException("fractions must not be empty");
      }
      for (double x : copy) {
        if (!(x > 0 && x <= 1)) {
          throw new ConfigurationException("fractions must be in (0, 1], got " + x);
        }
      }
      this.fractions = copy;
      return this;
    }

    /** Seed of the random baseline (default {@value Faithfulness#DEFAULT_SEED}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Bootstrap settings of the intervals (default {@link Bootstrap#DEFAULT}). */
    public Builder bootstrap(Bootstrap bootstrap) {
      this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
      return this;
    }

    /** Highlighted texts per kind, at least 0 (default {@value Faithfulness#DEFAULT_HIGHLIGHTS}). */
    public Builder highlights(int n) {
      if (n < 0) {
        throw new ConfigurationException("highlights must be >= 0, got " + n);
      }
      this.highlights = n;
      return this;
    }

    /** Time source for the explanation timing (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Progress callback (default none). */
    public Builder progress(EvalProgress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** The configured {@link Faithfulness}. */
    public Faithfulness build() {
      return new Faithfulness(this);
    }
  }
}
