package io.intentops.train.intent;

import io.intentops.core.ConfigurationException;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.metrics.OosMetrics;
import io.intentops.inference.head.IntentHead;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The near out-of-scope protocol: hold out {@code k} intents (a seeded draw), train with the given
 * trainer's recipe on the other intents' training texts, then score the test texts: the held-out
 * intents' test texts are the out-of-scope positives, the other intents' test texts the in-domain
 * negatives. Reports the AUROC of the OOS score per draw with the mean and (population) standard
 * deviation over the draws, and at the trained threshold the share of held-out texts caught and of
 * in-domain texts flagged. Held-out test texts are never seen in training and test texts never choose
 * anything. Stateless; thread-safe as far as the trainer is (one run at a time per cache directory).
 */
public final class NearOosProtocol {
  /** Default intents held out per draw. */
  public static final int DEFAULT_HELD_OUT = 10;
  /** Default draws. */
  public static final int DEFAULT_DRAWS = 3;
  /** Default seed of the draws. */
  public static final long DEFAULT_SEED = 2025;

  private NearOosProtocol() {}

  /**
   * One draw.
   *
   * @param heldOut the held-out intents, sorted
   * @param auroc AUROC of held-out (positive) vs in-domain test texts
   * @param caught share of held-out test texts at or above the trained OOS threshold
   * @param inDomainFlagged share of in-domain test texts at or above the threshold
   * @param inDomainAccuracy accuracy of the trained head on the in-domain test texts
   * @param inDomainTexts in-domain test texts scored
   * @param heldOutTexts held-out test texts scored
   */
  public record Draw(List<String> heldOut, double auroc, double caught, double inDomainFlagged, double inDomainAccuracy,
      int inDomainTexts, int heldOutTexts) {}

  /**
   * All draws.
   *
   * @param oosMethod the trainer's OOS method
   * @param heldOutPerDraw {@code k}
   * @param seed the seed of the draws
   * @param draws per-draw results, in draw order
   * @param meanAuroc mean AUROC over the draws
   * @param stdAuroc population standard deviation of the AUROC over the draws
   * @param meanCaught mean share of held-out texts caught at the threshold
   * @param meanInDomainFlagged mean share of in-domain texts flagged at the threshold
   */
  public record Result(String oosMethod, int heldOutPerDraw, long seed, List<Draw> draws, double meanAuroc, double stdAuroc,
      double meanCaught, double meanInDomainFlagged) {}

  /**
   * Runs the protocol.
   *
   * @param trainer the recipe (its embedding cache, when set, makes every draw after the first cheap)
   * @param train training texts of all intents
   * @param test test texts of all intents (only scored)
   * @param k intents held out per draw, at least 1 and at most all intents but 2
   * @param draws number of draws, at least 1
   * @throws ConfigurationException when {@code k} or {@code draws} is out of range
   */
  public static Result run(IntentTrainer trainer, List<LabeledText> train, List<LabeledText> test, int k, int draws,
      long seed) {
    List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(LabeledText::label).toList()));
    if (k < 1 || k > labels.size() - 2) {
      throw new ConfigurationException("Held-out intents must be in [1, " + (labels.size() - 2) + "], got " + k);
    }
    if (draws < 1) {
      throw new ConfigurationException("Draws must be >= 1, got " + draws);
    }
    List<String> testTexts = test.stream().map(LabeledText::text).toList();
    float[][] testEmb = trainer.embedTexts(testTexts, "embed test");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Draw> out = new ArrayList<>();
    for (int d = 0; d < draws; d++) {
      List<String> order = new ArrayList<>(labels);
      for (int i = order.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        String t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      Set<String> held = new HashSet<>(order.subList(0, k));
      List<LabeledText> kept = train.stream().filter(t -> !held.contains(t.label())).toList();
      IntentTrainer.Fitted f = trainer.fit(kept, List.of());
      IntentHead head = f.head();
      List<Double> in = new ArrayList<>();
      List<Double> outScores = new ArrayList<>();
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        double[] logits = head.logits(testEmb[i]);
        double s = f.scorer().score(testEmb[i], logits);
        if (held.contains(test.get(i).label())) {
          outScores.add(s);
        } else {
          in.add(s);
          correct += f.labels().get(IntentHead.argmax(logits)).equals(test.get(i).label()) ? 1 : 0;
        }
      }
      if (in.isEmpty() || outScores.isEmpty()) {
        throw new ConfigurationException("Test data has no texts of the " + (in.isEmpty() ? "kept" : "held-out") + " intents");
      }
      double[] a = in.stream().mapToDouble(Double::doubleValue).toArray();
      double[] o = outScores.stream().mapToDouble(Double::doubleValue).toArray();
      out.add(new Draw(List.copyOf(new TreeSet<>(held)), OosMetrics.auroc(a, o), share(o, f.threshold()),
          share(a, f.threshold()), (double) correct / a.length, a.length, o.length));
    }
    double mean = out.stream().mapToDouble(Draw::auroc).average().orElseThrow();
    double var = out.stream().mapToDouble(x -> (x.auroc() - mean) * (x.auroc() - mean)).average().orElseThrow();
    return new Result(trainer.oosMethod(), k, seed, List.copyOf(out), mean, Math.sqrt(var),
        out.stream().mapToDouble(Draw::caught).average().orElseThrow(),
        out.stream().mapToDouble(Draw::inDomainFlagged).average().orElseThrow());
  }

  private static double share(double[] scores, double threshold) {
    int c = 0;
    for (double s : scores) {
      c += s >= threshold ? 1 : 0;
    }
    return (double) c / scores.length;
  }
}
