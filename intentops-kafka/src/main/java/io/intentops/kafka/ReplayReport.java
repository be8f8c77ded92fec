package io.intentops.kafka;

import java.util.Map;

/**
 * How a candidate version answers captured traffic compared with what production answered. Immutable.
 *
 * @param replayed captured predictions re-scored
 * @param agreed of which the candidate gave the same label
 * @param agreement agreed / replayed (NaN when nothing was replayed)
 * @param oosAgreement share with the same out-of-scope verdict
 * @param labelShiftJs Jensen-Shannon distance (base 2) between the production and candidate label
 *     distributions (NaN when nothing was replayed)
 * @param labelShiftPsi PSI of the candidate label distribution against production's
 * @param production production's label counts
 * @param candidate the candidate's label counts
 * @param changes the most frequent label changes, {@code "from -> to"} to count, most frequent first
 * @param skipped events not replayed (feedback, bad JSON, texts the candidate rejected)
 */
public record ReplayReport(long replayed, long agreed, double agreement, double oosAgreement, double labelShiftJs,
    double labelShiftPsi, Map<String, Long> production, Map<String, Long> candidate, Map<String, Long> changes,
    long skipped) {
  public ReplayReport {
    production = Map.copyOf(production);
    candidate = Map.copyOf(candidate);
    changes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changes));
  }
}
