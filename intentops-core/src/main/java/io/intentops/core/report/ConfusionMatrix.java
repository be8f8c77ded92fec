package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.intentops.core.InvalidInputException;
import java.util.List;

/**
 * A confusion matrix: {@code counts[i][j]} = examples with gold label {@code labels[i]} predicted as
 * {@code labels[j]} (rows gold, columns predicted, as in scikit-learn). Labels are the sorted union of
 * gold and predicted labels. Immutable: the array is copied in and out.
 *
 * @param labels row and column labels
 * @param counts square count matrix
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {
  public ConfusionMatrix {
    labels = List.copyOf(labels);
    if (counts.length != labels.size()) {
      throw invalid("confusion matrix has " + counts.length + " rows for " + labels.size() + " labels");
    }
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != labels.size()) {
        throw invalid("confusion matrix row " + i + " has " + counts[i].length + " columns");
      }
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, message);
  }

  /** A copy of the counts. */
  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** Count of gold {@code gold} predicted as {@code predicted}; 0 for unknown labels. */
  public long count(String gold, String predicted) {
    int i = labels.indexOf(gold);
    int j = labels.indexOf(predicted);
    return i < 0 || j < 0 ? 0 : counts[i][j];
  }

  /** Total number of examples. */
  @JsonIgnore
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && m.labels.equals(labels) && java.util.Arrays.deepEquals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + java.util.Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix" + labels + java.util.Arrays.deepToString(counts);
  }
}
