package io.intentops.core.report;

import java.util.List;

/**
 * Slice metrics of one intent test set, with the two summary numbers a release policy reads. Immutable.
 *
 * <ul>
 *   <li>{@code disparity}: the largest accuracy gap inside one slice family, i.e. the maximum over
 *       families of (max - min accuracy of the family's eligible slices); 0 when no family has two
 *       eligible slices. Gaps are taken within a family because a family's slices partition the same
 *       test set, so they compare like with like.</li>
 *   <li>{@code flags}: names of eligible slices whose accuracy is more than {@code flagMargin} below the
 *       overall accuracy ({@code accuracy < overall - flagMargin}).</li>
 * </ul>
 *
 * @param minExamples texts a slice needs to be eligible
 * @param flagMargin accuracy drop below overall that flags a slice (absolute, 0.05 = 5 points)
 * @param overallAccuracy accuracy on the whole test set
 * @param slices every slice, in definition order, empty ones included
 * @param disparity the largest within-family accuracy gap
 * @param disparityFamily the family with that gap, or empty when no family has two eligible slices
 * @param flags flagged slice names, in slice order
 */
public record SliceReport(int minExamples, double flagMargin, double overallAccuracy, List<SliceScores> slices,
    double disparity, String disparityFamily, List<String> flags) {
  public SliceReport {
    slices = List.copyOf(slices);
    flags = List.copyOf(flags);
  }
}
