package io.intentops.eval.metrics;

import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.NerScores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entity-level NER evaluation over tag sequences (one list of tags per sentence). An entity counts as
 * correct only when a predicted entity has exactly the gold span and type. Stateless and thread-safe.
 */
public final class NerMetrics {

  /** An entity in sentence {@code sentence} covering tokens {@code [start, end)}. */
  record Span(int sentence, int start, int end, String type) {}

  private NerMetrics() {}

  /** Evaluates with {@link NerScores.Mode#CONLLEVAL} rules. */
  public static NerScores evaluate(List<List<String>> gold, List<List<String>> pred) {
    return evaluate(gold, pred, NerScores.Mode.CONLLEVAL);
  }

  /**
   * Evaluates predicted tag sequences against gold ones.
   *
   * @throws io.intentops.core.InvalidInputException when the sentence counts or any sentence's
   *     lengths differ, there are no sentences, or (strict mode) a tag is not O/B-/I-
   */
  public static NerScores evaluate(List<List<String>> gold, List<List<String>> pred, NerScores.Mode mode) {
    Args.sameNonEmpty(gold, pred, "NER evaluation");
    for (int s = 0; s < gold.size(); s++) {
      if (gold.get(s).size() != pred.get(s).size()) {
        throw Args.invalid("sentence " + s + ": gold has " + gold.get(s).size() + " tags but prediction has "
            + pred.get(s).size());
      }
    }
    Set<Span> goldSpans = new HashSet<>(entities(gold, mode));
    Set<Span> predSpans = new HashSet<>(entities(pred, mode));
    Map<String, long[]> counts = new HashMap<>(); // type -> {correct, predicted, gold}
    for (Span g : goldSpans) {
      counts.computeIfAbsent(g.type(), t -> new long[3])[2]++;
    }
    long correct = 0;
    for (Span p : predSpans) {
      long[] c = counts.computeIfAbsent(p.type(), t -> new long[3]);
      c[1]++;
      if (goldSpans.contains(p)) {
        c[0]++;
        correct++;
      }
    }
    Map<String, NerScores.TypeScores> perType = new HashMap<>();
    for (var e : counts.entrySet()) {
      long[] c = e.getValue();
      double p = Args.ratio(c[0], c[1]);
      double r = Args.ratio(c[0], c[2]);
      perType.put(e.getKey(), new NerScores.TypeScores(p, r, Args.f1(p, r), c[0], c[1], c[2]));
    }
    long tokTp = 0;
    long tokPred = 0;
    long tokGold = 0;
    long tokRight = 0;
    long tokAll = 0;
    for (int s = 0; s < gold.size(); s++) {
      for (int i = 0; i < gold.get(s).size(); i++) {
        String g = gold.get(s).get(i);
        String p = pred.get(s).get(i);
        boolean gO = isOutside(g);
        boolean pO = isOutside(p);
        tokAll++;
        if (g.equals(p)) {
          tokRight++;
          if (!gO) {
            tokTp++;
          }
        }
        tokGold += gO ? 0 : 1;
        tokPred += pO ? 0 : 1;
      }
    }
    double p = Args.ratio(correct, predSpans.size());
    double r = Args.ratio(correct, goldSpans.size());
    double tp = Args.ratio(tokTp, tokPred);
    double tr = Args.ratio(tokTp, tokGold);
    return new NerScores(mode, p, r, Args.f1(p, r), correct, predSpans.size(), goldSpans.size(), perType,
        tp, tr, Args.f1(tp, tr), Args.ratio(tokRight, tokAll));
  }

  /**
   * Entity-level micro F1 with a percentile-bootstrap interval; resampling is over sentences (entities
   * in one sentence are not independent).
   */
  public static ConfidenceInterval f1WithCi(List<List<String>> gold, List<List<String>> pred, NerScores.Mode mode, Bootstrap bootstrap) {
    evaluate(gold, pred, mode); // validates the input
    int n = gold.size();
    long[] correct = new long[n];
    long[] predicted = new long[n];
    long[] goldCount = new long[n];
    for (int s = 0; s < n; s++) {
      Set<Span> g = new HashSet<>(entities(List.of(gold.get(s)), mode));
      List<Span> p = entities(List.of(pred.get(s)), mode);
      goldCount[s] = g.size();
      predicted[s] = p.size();
      for (Span x : p) {
        correct[s] += g.contains(x) ? 1 : 0;
      }
    }
    return bootstrap.interval(n, w -> {
      double c = 0;
      double p = 0;
      double g = 0;
      for (int i = 0; i < n; i++) {
        c += (double) w[i] * correct[i];
        p += (double) w[i] * predicted[i];
        g += (double) w[i] * goldCount[i];
      }
      return Args.f1(Args.ratio(c, p), Args.ratio(c, g));
    });
  }

  /** Sorted distinct entity types in the tag sequences (tags without their prefix). */
  public static List<String> types(List<List<String>> tags) {
    TreeSet<String> t = new TreeSet<>();
    for (List<String> s : tags) {
      for (String tag : s) {
        if (!isOutside(tag)) {
          t.add(typeOf(tag));
        }
      }
    }
    return List.copyOf(t);
  }

  static List<Span> entities(List<List<String>> sentences, NerScores.Mode mode) {
    List<Span> out = new ArrayList<>();
    for (int s = 0; s < sentences.size(); s++) {
      if (mode == NerScores.Mode.CONLLEVAL) {
        conlleval(s, sentences.get(s), out);
      } else {
        strict(s, sentences.get(s), out);
      }
    }
    return out;
  }

  private static boolean isOutside(String tag) {
    return tag.equals("O") || tag.isEmpty();
  }

  private static String prefixOf(String tag) {
    if (isOutside(tag)) {
      return "O";
    }
    int dash = tag.indexOf('-');
    return dash < 0 ? tag : tag.substring(0, dash);
  }

  private static String typeOf(String tag) {
    int dash = tag.indexOf('-');
    return dash < 0 ? "" : tag.substring(dash + 1);
  }

  // Port of conlleval's endOfChunk/startOfChunk; a sentence boundary acts like "O".
  private static void conlleval(int sentence, List<String> tags, List<Span> out) {
    String prevTag = "O";
    String prevType = "";
    int start = -1;
    for (int i = 0; i <= tags.size(); i++) {
      String tag = i < tags.size() ? prefixOf(tags.get(i)) : "O";
      String type = i < tags.size() && !isOutside(tags.get(i)) ? typeOf(tags.get(i)) : "";
      if (start >= 0 && endOfChunk(prevTag, tag, prevType, type)) {
        out.add(new Span(sentence, start, i, prevType));
        start = -1;
      }
      if (startOfChunk(prevTag, tag, prevType, type)) {
        start = i;
      }
      prevTag = tag;
      prevType = type;
    }
  }

  private static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
    return prevTag.equals("E") || prevTag.equals("S")
        || (prevTag.equals("B") && (tag.equals("B") || tag.equals("S") || tag.equals("O")))
        || (prevTag.equals("I") && (tag.equals("B") || tag.equals("S") || tag.equals("O")))
        || (!prevTag.equals("O") && !prevType.equals(type));
  }

  private static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
    return tag.equals("B") || tag.equals("S")
        || (prevTag.equals("E") && (tag.equals("E") || tag.equals("I")))
        || (prevTag.equals("S") && (tag.equals("E") || tag.equals("I")))
        || (prevTag.equals("O") && (tag.equals("E") || tag.equals("I")))
        || (!tag.equals("O") && !prevType.equals(type));
  }

  private static void strict(int sentence, List<String> tags, List<Span> out) {
    for (String t : tags) {
      String p = prefixOf(t);
      if (!(p.equals("O") || (t.length() > 2 && (p.equals("B") || p.equals("I")) && t.charAt(1) == '-'))) {
        throw Args.invalid("sentence " + sentence + ": tag '" + t + "' is not valid IOB2 (strict mode)");
      }
    }
    int i = 0;
    while (i < tags.size()) {
      String t = tags.get(i);
      if (t.startsWith("B-")) {
        String cont = "I-" + t.substring(2);
        int j = i + 1;
        while (j < tags.size() && tags.get(j).equals(cont)) {
          j++;
        }
        out.add(new Span(sentence, i, j, t.substring(2)));
        i = j;
      } else {
        i++;
      }
    }
  }
}
