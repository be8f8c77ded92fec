package io.intentops.eval.robustness;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.report.RobustnessSection;
import io.intentops.core.report.RobustnessSection.PerturbationScores;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.metrics.ClassificationMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Applies seeded perturbations to a labelled test set and scores an intent predictor on every
 * variant: accuracy, macro-F1 and the share of (in-domain) texts flagged out of scope, each with its
 * drop against the clean texts ({@link RobustnessSection}). Text {@code i} under perturbation
 * {@code p} gets its own random stream derived from the seed, {@code p.name()} and {@code i}, so a
 * variant does not depend on the order or number of the other texts or perturbations. Texts that a
 * perturbation leaves unchanged reuse the clean prediction. Immutable and thread-safe.
 */
public final class RobustnessSuite {
  /** Default seed. */
  public static final long DEFAULT_SEED = 2025;

  private final long seed;
  private final List<Perturbation> perturbations;

  private RobustnessSuite(Builder b) {
    this.seed = b.seed;
    this.perturbations = List.copyOf(b.perturbations);
  }

  /** A builder with seed {@value #DEFAULT_SEED} and {@link Perturbations#standard()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** The perturbations, in the order they are run. */
  public List<Perturbation> perturbations() {
    return perturbations;
  }

  /** {@code texts} under {@code p}, in order (text {@code i} with its own seeded stream). */
  public List<String> perturb(List<String> texts, Perturbation p) {
    long base = mix(seed ^ mix(fnv(p.name())));
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(p.apply(texts.get(i), new SplittableRandom(mix(base + i))));
    }
    return out;
  }

  /**
   * {@code dataset} under {@code p}: same labels and order; the split is named
   * {@code <split>+<perturbation>} so its manifest and digests are those of the perturbed texts.
   */
  public TextClassificationDataset perturb(TextClassificationDataset dataset, Perturbation p) {
    List<String> texts = perturb(dataset.texts(), p);
    List<LabeledText> ex = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      ex.add(new LabeledText(texts.get(i), dataset.examples().get(i).label()));
    }
    return TextClassificationDataset.of(dataset.manifest().name(), dataset.manifest().split() + "+" + p.name(), ex);
  }

  /**
   * Predicts {@code test} clean and under every perturbation and scores the results.
   *
   * @param harness batches and progress for the predictions
   */
  public RobustnessSection evaluate(EvalHarness harness, Predictor<String, IntentPrediction> predictor,
      TextClassificationDataset test) {
    return evaluate(harness, predictor, test, harness.predictIntents(predictor, test));
  }

  /** As {@link #evaluate(EvalHarness, Predictor, TextClassificationDataset)} with the clean predictions made elsewhere. */
  public RobustnessSection evaluate(EvalHarness harness, Predictor<String, IntentPrediction> predictor,
      TextClassificationDataset test, List<IntentPrediction> cleanPredictions) {
    Map<String, List<IntentPrediction>> byPerturbation = new LinkedHashMap<>();
    List<String> clean = test.texts();
    for (Perturbation p : perturbations) {
      List<String> texts = perturb(clean, p);
      List<Integer> changed = new ArrayList<>();
      List<LabeledText> toPredict = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        if (!texts.get(i).equals(clean.get(i))) {
          changed.add(i);
          toPredict.add(new LabeledText(texts.get(i), test.examples().get(i).label()));
        }
      }
      List<IntentPrediction> preds = new ArrayList<>(cleanPredictions);
      if (!toPredict.isEmpty()) {
        List<IntentPrediction> got = harness.predictIntents(predictor, TextClassificationDataset.of(
            test.manifest().name(), test.manifest().split() + "+" + p.name(), toPredict));
        for (int j = 0; j < changed.size(); j++) {
          preds.set(changed.get(j), got.get(j));
        }
      }
      byPerturbation.put(p.name(), preds);
    }
    return section(test, cleanPredictions, byPerturbation);
  }

  /**
   * Scores predictions made elsewhere.
   *
   * @param perturbed predictions per perturbation name (each one per example, in order); names must be
   *     those of this suite's perturbations
   * @throws ConfigurationException when a list has the wrong size or a name is unknown
   */
  public RobustnessSection section(TextClassificationDataset test, List<IntentPrediction> clean,
      Map<String, List<IntentPrediction>> perturbed) {
    Map<String, Perturbation> byName = new HashMap<>();
    perturbations.forEach(p -> byName.put(p.name(), p));
    List<String> gold = test.goldLabels();
    PerturbationScores c = scores("clean", "unperturbed texts", gold, clean, test.size(), null);
    List<PerturbationScores> out = new ArrayList<>();
    List<String> cleanTexts = test.texts();
    for (Map.Entry<String, List<IntentPrediction>> e : perturbed.entrySet()) {
      Perturbation p = byName.get(e.getKey());
      if (p == null) {
        throw new ConfigurationException("Unknown perturbation '" + e.getKey() + "' for this suite");
      }
      List<String> texts = perturb(cleanTexts, p);
      int changed = 0;
      for (int i = 0; i < texts.size(); i++) {
        changed += texts.get(i).equals(cleanTexts.get(i)) ? 0 : 1;
      }
      out.add(scores(p.name(), p.description(), gold, e.getValue(), changed, c));
    }
    return new RobustnessSection(test.manifest(), seed, c, out);
  }

  private static PerturbationScores scores(String name, String description, List<String> gold,
      List<IntentPrediction> preds, int changed, @Nullable PerturbationScores clean) {
    if (preds.size() != gold.size()) {
      throw new ConfigurationException("Got " + preds.size() + " predictions for " + gold.size() + " examples (" + name + ")");
    }
    List<String> predicted = preds.stream().map(IntentPrediction::label).toList();
    double acc = ClassificationMetrics.accuracy(gold, predicted);
    double f1 = ClassificationMetrics.macroF1(gold, predicted);
    double oos = preds.stream().filter(IntentPrediction::outOfScope).count() / (double) preds.size();
    return clean == null
        ? new PerturbationScores(name, description, gold.size(), 0, acc, f1, oos, 0, 0, 0)
        : new PerturbationScores(name, description, gold.size(), changed, acc, f1, oos, clean.accuracy() - acc,
            clean.macroF1() - f1, oos - clean.falseOosRate());
  }

  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64 finaliser: decorrelates neighbouring seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private List<Perturbation> perturbations = Perturbations.standard();

    private Builder() {}

    /** Seed (default {@value #DEFAULT_SEED}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The perturbations to run (names must be distinct; default {@link Perturbations#standard()}). */
    public Builder perturbations(List<Perturbation> list) {
      this.perturbations = List.copyOf(list);
      return this;
    }

    /**
     * The suite.
     *
     * @throws ConfigurationException when there is no perturbation or two share a name
     */
    public RobustnessSuite build() {
      if (perturbations.isEmpty()) {
        throw new ConfigurationException("A robustness suite needs at least one perturbation");
      }
      if (perturbations.stream().map(Perturbation::name).distinct().count() != perturbations.size()) {
        throw new ConfigurationException("Perturbation names must be distinct, got "
            + perturbations.stream().map(Perturbation::name).toList());
      }
      for (Perturbation p : perturbations) {
        Objects.requireNonNull(p.name(), "perturbation name");
      }
      return new RobustnessSuite(this);
    }
  }
}
