package io.intentops.inference.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * BIO tag decoding. {@link #viterbi} picks the most probable tag sequence among those that are valid
 * BIO (an {@code I-X} only after {@code B-X} or {@code I-X}); {@link #spans} turns a tag sequence into
 * entity spans with conlleval's rules (a stray {@code I-X} starts a new entity). Immutable and
 * thread-safe.
 */
public final class BioDecoder {
  private final List<String> labels;
  private final int[] kind; // 0 = O, 1 = B, 2 = I
  private final String[] type;
  private final boolean[][] allowed; // allowed[prev][next]
  private final boolean[] allowedStart;

  /** A decoded entity span over word indices {@code [start, end)}. */
  public record Span(String type, int start, int end) {}

  /**
   * @param labels tag names in model output order, each {@code O}, {@code B-type} or {@code I-type}
   * @throws IllegalArgumentException for a label that is not BIO
   */
  public BioDecoder(List<String> labels) {
    this.labels = List.copyOf(labels);
    int n = labels.size();
    kind = new int[n];
    type = new String[n];
    for (int i = 0; i < n; i++) {
      String l = labels.get(i);
      if (l.equals("O")) {
        kind[i] = 0;
        type[i] = "";
      } else if (l.startsWith("B-") && l.length() > 2) {
        kind[i] = 1;
        type[i] = l.substring(2);
      } else if (l.startsWith("I-") && l.length() > 2) {
        kind[i] = 2;
        type[i] = l.substring(2);
      } else {
        throw new IllegalArgumentException("Label '" + l + "' at index " + i + " is not O, B-type or I-type");
      }
    }
    allowed = new boolean[n][n];
    allowedStart = new boolean[n];
    for (int j = 0; j < n; j++) {
      allowedStart[j] = kind[j] != 2;
      for (int i = 0; i < n; i++) {
        allowed[i][j] = kind[j] != 2 || (kind[i] != 0 && type[i].equals(type[j]));
      }
    }
  }

  /** The labels, in output order. */
  public List<String> labels() {
    return labels;
  }

  /** Index of the greedy (argmax) tag per row, ignoring BIO constraints. */
  public static int[] argmax(float[][] scores) {
    int[] out = new int[scores.length];
    for (int t = 0; t < scores.length; t++) {
      int best = 0;
      for (int j = 1; j < scores[t].length; j++) {
        if (scores[t][j] > scores[t][best]) {
          best = j;
        }
      }
      out[t] = best;
    }
    return out;
  }

  /**
   * Most probable valid BIO sequence.
   *
   * @param logProbs per word, the log-probability of each label
   */
  public int[] viterbi(float[][] logProbs) {
    int len = logProbs.length;
    int n = labels.size();
    if (len == 0) {
      return new int[0];
    }
    double[] score = new double[n];
    int[][] back = new int[len][n];
    for (int j = 0; j < n; j++) {
      score[j] = allowedStart[j] ? logProbs[0][j] : Double.NEGATIVE_INFINITY;
    }
    for (int t = 1; t < len; t++) {
      double[] next = new double[n];
      for (int j = 0; j < n; j++) {
        double best = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < n; i++) {
          if (allowed[i][j] && score[i] > best) {
            best = score[i];
            arg = i;
          }
        }
        next[j] = best + logProbs[t][j];
        back[t][j] = arg;
      }
      score = next;
    }
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (score[j] > score[best]) {
        best = j;
      }
    }
    int[] path = new int[len];
    path[len - 1] = best;
    for (int t = len - 1; t > 0; t--) {
      path[t - 1] = back[t][path[t]];
    }
    return path;
  }

  /** Entity spans of a tag-index sequence, by conlleval's chunking rules. */
  public List<Span> spans(int[] tags) {
    String[] names = new String[tags.length];
    for (int i = 0; i < tags.length; i++) {
      names[i] = labels.get(tags[i]);
    }
    return spans(names);
  }

  /**
   * Entity spans of a tag-name sequence by conlleval's rules: an entity starts at {@code B-X}, or at
   * {@code I-X} when the previous tag is {@code O} or of another type; it continues while tags are
   * {@code I-X} of the same type.
   */
  public static List<Span> spans(String[] tags) {
    List<Span> out = new ArrayList<>();
    String curType = null;
    int start = -1;
    for (int i = 0; i <= tags.length; i++) {
      String tag = i < tags.length ? tags[i] : "O";
      String t = tag.length() > 2 && (tag.startsWith("B-") || tag.startsWith("I-")) ? tag.substring(2) : null;
      boolean continues = curType != null && tag.startsWith("I-") && curType.equals(t);
      if (!continues) {
        if (curType != null) {
          out.add(new Span(curType, start, i));
        }
        curType = t;
        start = i;
      }
    }
    return out;
  }
}
