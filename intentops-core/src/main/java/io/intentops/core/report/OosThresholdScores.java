package io.intentops.core.report;

/**
 * Scores at one OOS threshold under the CLINC150 protocol (Larson et al., 2019). Immutable.
 *
 * @param threshold texts with an OOS score at or above it are flagged out of scope; NaN when the
 *     model's own out-of-scope flags were used and the threshold is not known
 * @param inScopeAccuracy over in-scope texts: share that are not flagged and whose predicted intent is right
 * @param oosRecall over OOS texts: share flagged out of scope
 * @param oosPrecision over flagged texts: share that are OOS (0 when nothing is flagged)
 * @param inScopeFlaggedRate over in-scope texts: share wrongly flagged (the false-positive rate)
 * @param overallAccuracy over all texts, with "out of scope" as one more class
 * @param inScope number of in-scope texts
 * @param outOfScope number of OOS texts
 */
public record OosThresholdScores(
    double threshold,
    double inScopeAccuracy,
    double oosRecall,
    double oosPrecision,
    double inScopeFlaggedRate,
    double overallAccuracy,
    int inScope,
    int outOfScope) {}
