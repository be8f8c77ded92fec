package io.intentops.core.report;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Faithfulness of word attributions in the ERASER style (DeYoung et al., 2020), measured against a
 * seeded random attribution of the same texts. For each text with at least two words and each fraction
 * {@code f}, the top {@code k = clamp(ceil(f * words), 1, words - 1)} words by attribution are removed
 * (comprehensiveness: probability of the predicted intent on the full text minus on the rest; higher is
 * more faithful) or kept alone (sufficiency: full minus top-k only; lower is more faithful). AOPC is the
 * mean over the fractions. Immutable.
 *
 * @param dataset the evaluated split (a seeded subset has {@code examples} below the split's size)
 * @param method the attribution method, e.g. {@code occlusion}
 * @param examples texts evaluated
 * @param skipped texts left out because they have fewer than two words
 * @param fractions the top-k fractions, e.g. 0.01, 0.05, 0.1, 0.2, 0.5
 * @param comprehensiveness mean comprehensiveness per fraction, for the attributions
 * @param sufficiency mean sufficiency per fraction, for the attributions
 * @param randomComprehensiveness the same for the random baseline
 * @param randomSufficiency the same for the random baseline
 * @param aopcComprehensiveness AOPC comprehensiveness with a bootstrap CI over texts
 * @param aopcSufficiency AOPC sufficiency with a bootstrap CI over texts
 * @param comprehensivenessGain per-text AOPC comprehensiveness minus the random baseline's, with a bootstrap CI
 *     (positive: better than random)
 * @param sufficiencyGain per-text random AOPC sufficiency minus the attributions', with a bootstrap CI
 *     (positive: better than random)
 * @param randomSeed seed of the random baseline
 * @param timing explanations only: texts explained, wall-clock seconds and explanations per second
 * @param loadAverage one-minute system load average when the run finished, or null when unknown
 * @param highlights explained examples for the report (may be empty)
 */
public record ExplanationSection(
    DatasetManifest dataset,
    String method,
    int examples,
    int skipped,
    List<Double> fractions,
    List<Double> comprehensiveness,
    List<Double> sufficiency,
    List<Double> randomComprehensiveness,
    List<Double> randomSufficiency,
    ConfidenceInterval aopcComprehensiveness,
    ConfidenceInterval aopcSufficiency,
    ConfidenceInterval comprehensivenessGain,
    ConfidenceInterval sufficiencyGain,
    long randomSeed,
    Timing timing,
    @Nullable Double loadAverage,
    List<ExplainedText> highlights) {
  public ExplanationSection {
    Objects.requireNonNull(method, "method");
    fractions = List.copyOf(fractions);
    comprehensiveness = List.copyOf(comprehensiveness);
    sufficiency = List.copyOf(sufficiency);
    randomComprehensiveness = List.copyOf(randomComprehensiveness);
    randomSufficiency = List.copyOf(randomSufficiency);
    highlights = List.copyOf(highlights);
    int n = fractions.size();
    if (comprehensiveness.size() != n || sufficiency.size() != n || randomComprehensiveness.size() != n
        || randomSufficiency.size() != n) {
      throw new IllegalArgumentException("every curve needs one value per fraction (" + n + ")");
    }
  }
}
