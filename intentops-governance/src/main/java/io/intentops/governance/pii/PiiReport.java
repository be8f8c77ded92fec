package io.intentops.governance.pii;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of PII findings in one file, per column and type, plus up to a few example locations (line
 * numbers only, never the values). Immutable and thread-safe.
 *
 * @param file the file scanned, as given
 * @param lines number of lines read
 * @param counts finding counts keyed by column name, then by type; columns without findings are absent
 * @param exampleLines 1-based line numbers of the first findings (at most {@link PiiScanner#MAX_EXAMPLES})
 */
public record PiiReport(String file, long lines, Map<String, Map<PiiType, Long>> counts, List<Long> exampleLines) {
  public PiiReport {
    TreeMap<String, Map<PiiType, Long>> copy = new TreeMap<>();
    counts.forEach((k, v) -> {
      EnumMap<PiiType, Long> m = new EnumMap<>(PiiType.class);
      m.putAll(v);
      copy.put(k, Collections.unmodifiableMap(m));
    });
    counts = Collections.unmodifiableMap(copy);
    exampleLines = List.copyOf(exampleLines);
  }

  /** Total findings of {@code type} over all columns. */
  public long total(PiiType type) {
    return counts.values().stream().mapToLong(m -> m.getOrDefault(type, 0L)).sum();
  }

  /** Total findings over all columns and types. */
  public long total() {
    return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
  }
}
