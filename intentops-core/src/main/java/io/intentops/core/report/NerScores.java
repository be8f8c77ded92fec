package io.intentops.core.report;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Entity- and token-level NER scores. Ratios are in [0, 1]; a ratio with a zero denominator is 0.
 * Immutable and thread-safe.
 *
 * @param mode how entities were extracted from tag sequences
 * @param precision entity-level micro precision: correct entities / predicted entities
 * @param recall entity-level micro recall: correct entities / gold entities
 * @param f1 entity-level micro F1
 * @param correct entities predicted with exactly the gold span and type
 * @param predicted number of predicted entities
 * @param gold number of gold entities
 * @param perType scores per entity type (every type seen in gold or predictions), sorted by type
 * @param tokenPrecision token-level micro precision over non-{@code O} tags: tokens whose predicted
 *     full tag (e.g. {@code B-person}) equals the gold tag and is not {@code O}, divided by tokens
 *     predicted non-{@code O} (scikit-learn {@code f1_score(average="micro")} with {@code O} excluded)
 * @param tokenRecall the same numerator divided by tokens whose gold tag is not {@code O}
 * @param tokenMicroF1 harmonic mean of the two
 * @param tokenAccuracy share of all tokens (including {@code O}) whose tag is right, as conlleval reports it
 */
public record NerScores(
    Mode mode,
    double precision,
    double recall,
    double f1,
    long correct,
    long predicted,
    long gold,
    Map<String, TypeScores> perType,
    double tokenPrecision,
    double tokenRecall,
    double tokenMicroF1,
    double tokenAccuracy) {

  /** How entities are read from tag sequences. */
  public enum Mode {
    /**
     * The rules of the CoNLL-2000 {@code conlleval} script (and seqeval's default mode): an
     * {@code I-X} after {@code O} or after a different type starts a new entity; IOBES tags
     * ({@code E-}, {@code S-}) are understood too.
     */
    CONLLEVAL,
    /**
     * seqeval {@code mode="strict", scheme=IOB2}: an entity is {@code B-X} followed by the longest
     * run of {@code I-X}; an {@code I-X} that does not continue such an entity is ignored. Tags other
     * than {@code O}, {@code B-*}, {@code I-*} are rejected.
     */
    SEQEVAL_STRICT
  }

  public NerScores {
    Objects.requireNonNull(mode, "mode");
    perType = Collections.unmodifiableMap(new TreeMap<>(perType));
  }

  /**
   * Scores of one entity type.
   *
   * @param precision correct / predicted of this type
   * @param recall correct / gold of this type
   * @param f1 harmonic mean
   * @param correct exact span and type matches
   * @param predicted predicted entities of this type
   * @param support gold entities of this type
   */
  public record TypeScores(double precision, double recall, double f1, long correct, long predicted, long support) {}
}
