package io.intentops.core.report;


/**
 * NER results on one dataset split. Immutable.
 *
 * @param role train, validation or test
 * @param dataset what was evaluated, with digests
 * @param scores entity P/R/F1 (mode recorded inside), per-type scores, token micro-F1
 * @param f1 entity F1 with a sentence-level bootstrap CI
 * @param timing wall-clock time and throughput
 */
public record NerSection(SplitRole role, DatasetManifest dataset, NerScores scores, ConfidenceInterval f1, Timing timing) {}
