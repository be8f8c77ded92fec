package io.intentops.eval.harness;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.OosSection;
import io.intentops.core.report.SplitRole;
import io.intentops.core.report.Timing;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.data.TokenClassificationDataset;
import io.intentops.eval.metrics.Bootstrap;
import io.intentops.eval.metrics.CalibrationMetrics;
import io.intentops.eval.metrics.ClassificationMetrics;
import io.intentops.eval.metrics.NerMetrics;
import io.intentops.eval.metrics.OosMetrics;
import io.intentops.eval.metrics.SliceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs predictors over datasets and computes report sections. The harness only sees the core
 * {@link Predictor} interface, so any model (a bundle, a remote client, a test double) can be evaluated.
 * Texts are sent in batches of {@link Builder#batchSize(int)} through {@link Predictor#predictBatch(List)};
 * a predictor that fails on a dataset text aborts the evaluation with an {@link InferenceException}
 * naming the dataset and example index. Immutable and thread-safe (one evaluation per call; the
 * progress listener is called from the calling thread).
 */
public final class EvalHarness {
  /** Default texts per {@code predictBatch} call. */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /** Default number of calibration bins. */
  public static final int DEFAULT_CALIBRATION_BINS = CalibrationMetrics.DEFAULT_BINS;
  /** Default maximum number of ROC points kept in a report. */
  public static final int DEFAULT_ROC_POINTS = 200;
  /** Default gold label of out-of-scope texts (CLINC150's). */
  public static final String DEFAULT_OOS_LABEL = "oos";

  private final int batchSize;
  private final int calibrationBins;
  private final int rocPoints;
  private final Bootstrap bootstrap;
  private final NerScores.Mode nerMode;
  private final String oosLabel;
  private final Clock clock;
  private final EvalProgress progress;
  private final int sliceMinExamples;
  private final double sliceFlagMargin;

  private EvalHarness(Builder b) {
    this.sliceMinExamples = b.sliceMinExamples;
    this.sliceFlagMargin = b.sliceFlagMargin;
    this.batchSize = b.batchSize;
    this.calibrationBins = b.calibrationBins;
    this.rocPoints = b.rocPoints;
    this.bootstrap = b.bootstrap;
    this.nerMode = b.nerMode;
    this.oosLabel = b.oosLabel;
    this.clock = b.clock;
    this.progress = b.progress;
  }

  /** A harness with every default. */
  public static EvalHarness ofDefaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock used for timings. */
  public Clock clock() {
    return clock;
  }

  /** Predicts every text of {@code dataset}, in order. */
  public List<IntentPrediction> predictIntents(Predictor<String, IntentPrediction> predictor, TextClassificationDataset dataset) {
    return predictAll(predictor, dataset.texts(), label(dataset.manifest().name(), dataset.manifest().split()), new long[1]);
  }

  /**
   * Intent accuracy (with CI), per-class scores, confusion matrix, calibration and slice metrics
   * ({@link SliceMetrics}) on one split.
   */
  public IntentSection evaluateIntent(Predictor<String, IntentPrediction> predictor, TextClassificationDataset dataset, SplitRole role) {
    long[] nanos = new long[1];
    List<IntentPrediction> preds = predictAll(predictor, dataset.texts(),
        label(dataset.manifest().name(), dataset.manifest().split()), nanos);
    return intentSection(dataset, preds, role, nanos[0]);
  }

  /** Builds an intent section from predictions made elsewhere (one per example, in order). */
  public IntentSection intentSection(TextClassificationDataset dataset, List<IntentPrediction> preds, SplitRole role, long elapsedNanos) {
    if (preds.size() != dataset.size()) {
      throw new ConfigurationException("Got " + preds.size() + " predictions for " + dataset.size() + " examples");
    }
    List<String> gold = dataset.goldLabels();
    List<String> predicted = preds.stream().map(IntentPrediction::label).toList();
    double[] conf = new double[preds.size()];
    boolean[] ok = new boolean[preds.size()];
    for (int i = 0; i < conf.length; i++) {
      conf[i] = preds.get(i).score();
      ok[i] = predicted.get(i).equals(gold.get(i));
    }
    return new IntentSection(role, dataset.manifest(), ClassificationMetrics.report(gold, predicted, bootstrap),
        CalibrationMetrics.reliability(conf, ok, calibrationBins), timing(dataset.size(), elapsedNanos),
        SliceMetrics.intentSlices(dataset.texts(), gold, predicted, conf, bootstrap, sliceMinExamples, sliceFlagMargin,
            calibrationBins));
  }

  /**
   * OOS detection: AUROC (with CI), AUPR, FPR at 95 % TPR and ROC points of {@link IntentPrediction#oosScore()},
   * and the CLINC150 protocol (in-scope accuracy, OOS recall) using the model's own
   * {@link IntentPrediction#outOfScope()} decisions.
   *
   * @param threshold the model's OOS threshold, recorded in the report; NaN when unknown
   */
  public OosSection evaluateOos(Predictor<String, IntentPrediction> predictor, TextClassificationDataset inScope,
      TextClassificationDataset outOfScope, double threshold) {
    long[] nanos = new long[1];
    List<IntentPrediction> in = predictAll(predictor, inScope.texts(),
        label(inScope.manifest().name(), inScope.manifest().split()), nanos);
    List<IntentPrediction> out = predictAll(predictor, outOfScope.texts(),
        label(outOfScope.manifest().name(), outOfScope.manifest().split()), nanos);
    return oosSection(inScope, in, outOfScope, out, threshold, nanos[0]);
  }

  /** Builds an OOS section from predictions made elsewhere. */
  public OosSection oosSection(TextClassificationDataset inScope, List<IntentPrediction> in,
      TextClassificationDataset outOfScope, List<IntentPrediction> out, double threshold, long elapsedNanos) {
    double[] inScores = in.stream().mapToDouble(IntentPrediction::oosScore).toArray();
    double[] outScores = out.stream().mapToDouble(IntentPrediction::oosScore).toArray();
    List<String> gold = new ArrayList<>(inScope.goldLabels());
    outOfScope.examples().forEach(e -> gold.add(oosLabel));
    List<String> predicted = new ArrayList<>();
    boolean[] flagged = new boolean[in.size() + out.size()];
    int k = 0;
    for (IntentPrediction p : in) {
      predicted.add(p.label());
      flagged[k++] = p.outOfScope();
    }
    for (IntentPrediction p : out) {
      predicted.add(p.label());
      flagged[k++] = p.outOfScope();
    }
    return new OosSection(inScope.manifest(), outOfScope.manifest(),
        OosMetrics.aurocWithCi(inScores, outScores, bootstrap), OosMetrics.aupr(inScores, outScores),
        OosMetrics.fprAtTpr(inScores, outScores, OosMetrics.DEFAULT_TARGET_TPR),
        OosMetrics.rocCurve(inScores, outScores, rocPoints),
        OosMetrics.atFlags(gold, predicted, flagged, threshold, oosLabel),
        timing(in.size() + out.size(), elapsedNanos));
  }

  /**
   * NER on one split: each sentence's tokens are joined with single spaces, predicted, and the entity
   * spans mapped back to BIO tags with {@link BioAlignment}; then entity P/R/F1 ({@link Builder#nerMode})
   * with a sentence-bootstrap CI, per-type scores and token micro-F1.
   */
  public NerSection evaluateNer(Predictor<String, NerResult> predictor, TokenClassificationDataset dataset, SplitRole role) {
    List<String> texts = dataset.sentences().stream().map(TaggedSentence::text).toList();
    long[] nanos = new long[1];
    List<NerResult> results = predictAll(predictor, texts, label(dataset.manifest().name(), dataset.manifest().split()), nanos);
    List<List<String>> pred = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      pred.add(BioAlignment.toBio(dataset.sentences().get(i).tokens(), results.get(i)));
    }
    return nerSection(dataset, pred, role, nanos[0]);
  }

  /** Builds a NER section from predicted tag sequences (one per sentence, in order). */
  public NerSection nerSection(TokenClassificationDataset dataset, List<List<String>> predictedTags, SplitRole role, long elapsedNanos) {
    List<List<String>> gold = dataset.goldTags();
    return new NerSection(role, dataset.manifest(), NerMetrics.evaluate(gold, predictedTags, nerMode),
        NerMetrics.f1WithCi(gold, predictedTags, nerMode, bootstrap), timing(dataset.size(), elapsedNanos));
  }

  private <O> List<O> predictAll(Predictor<String, O> predictor, List<String> texts, String what, long[] nanos) {
    Objects.requireNonNull(predictor, "predictor");
    List<O> out = new ArrayList<>(texts.size());
    progress.start(what, texts.size());
    try {
      for (int from = 0; from < texts.size(); from += batchSize) {
        List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
        long t0 = clock.nanoTime();
        List<O> got;
        try {
          got = predictor.predictBatch(batch);
        } catch (RuntimeException e) {
          throw new InferenceException("Predictor failed on " + what + " examples " + from + ".."
              + (from + batch.size() - 1) + ": " + e.getMessage(), e);
        }
        nanos[0] += clock.nanoTime() - t0;
        if (got.size() != batch.size()) {
          throw new InferenceException("Predictor returned " + got.size() + " outputs for " + batch.size()
              + " inputs on " + what + " examples " + from + "..");
        }
        out.addAll(got);
        progress.advance(batch.size());
      }
    } finally {
      progress.finish();
    }
    return out;
  }

  private Timing timing(int examples, long nanos) {
    double s = nanos / 1e9;
    return new Timing(examples, s, s > 0 ? examples / s : 0, batchSize);
  }

  private static String label(String name, String split) {
    return name + "/" + split;
  }

  /** Validated builder; every setting has a DEFAULT_* constant. Not thread-safe. */
  public static final class Builder {
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int calibrationBins = DEFAULT_CALIBRATION_BINS;
    private int rocPoints = DEFAULT_ROC_POINTS;
    private Bootstrap bootstrap = Bootstrap.DEFAULT;
    private NerScores.Mode nerMode = NerScores.Mode.CONLLEVAL;
    private String oosLabel = DEFAULT_OOS_LABEL;
    private Clock clock = Clock.system();
    private EvalProgress progress = EvalProgress.NONE;
    private int sliceMinExamples = SliceMetrics.DEFAULT_MIN_EXAMPLES;
    private double sliceFlagMargin = SliceMetrics.DEFAULT_FLAG_MARGIN;

    private Builder() {}

    /** Texts a slice needs to count for the disparity and fairness flags, at least 1. */
    public Builder sliceMinExamples(int n) {
      if (n < 1) {
        throw new ConfigurationException("sliceMinExamples must be >= 1, got " + n);
      }
      this.sliceMinExamples = n;
      return this;
    }

    /** Accuracy drop below overall (absolute, in [0, 1]) that flags a slice. */
    public Builder sliceFlagMargin(double margin) {
      if (!(margin >= 0 && margin <= 1)) {
        throw new ConfigurationException("sliceFlagMargin must be in [0, 1], got " + margin);
      }
      this.sliceFlagMargin = margin;
      return this;
    }

    /** Texts per {@code predictBatch} call, 1 to 4096. */
    public Builder batchSize(int n) {
      if (n < 1 || n > 4096) {
        throw new ConfigurationException("batchSize must be in [1, 4096], got " + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Equal-width calibration bins, 1 to 1000. */
    public Builder calibrationBins(int n) {
      if (n < 1 || n > 1000) {
        throw new ConfigurationException("calibrationBins must be in [1, 1000], got " + n);
      }
      this.calibrationBins = n;
      return this;
    }

    /** Maximum ROC points kept in a report, at least 2. */
    public Builder rocPoints(int n) {
      if (n < 2) {
        throw new ConfigurationException("rocPoints must be >= 2, got " + n);
      }
      this.rocPoints = n;
      return this;
    }

    /** Bootstrap settings for every confidence interval. */
    public Builder bootstrap(Bootstrap b) {
      this.bootstrap = Objects.requireNonNull(b, "bootstrap");
      return this;
    }

    /** How NER entities are read from tags (conlleval by default). */
    public Builder nerMode(NerScores.Mode m) {
      this.nerMode = Objects.requireNonNull(m, "nerMode");
      return this;
    }

    /** Gold label of out-of-scope texts in OOS datasets. */
    public Builder oosLabel(String label) {
      if (label == null || label.isBlank()) {
        throw new ConfigurationException("oosLabel must not be blank");
      }
      this.oosLabel = label;
      return this;
    }

    /** Clock for timings (a ManualClock in tests). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Progress listener. */
    public Builder progress(EvalProgress p) {
      this.progress = Objects.requireNonNull(p, "progress");
      return this;
    }

    /** The harness. */
    public EvalHarness build() {
      return new EvalHarness(this);
    }
  }
}
