package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.judge.Evidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only log of evidence per version with one read cursor per instance. Entries every known
 * instance has read are dropped, so memory stays bounded while all instances keep ticking. Synchronized.
 */
public final class InMemoryEvidenceExchange implements EvidenceExchange {
  private final Map<ModelVersion, Log> logs = new HashMap<>();

  /** One version's evidence not yet read by every instance. */
  private static final class Log {
    final List<Evidence> entries = new ArrayList<>();
    long base; // sequence number of entries.get(0)
    final Map<String, Long> cursors = new HashMap<>(); // next sequence number each instance reads
  }

  @Override
  public synchronized Evidence exchange(String instance, ModelVersion version, Evidence local) {
    Log log = logs.computeIfAbsent(version, v -> new Log());
    long end = log.base + log.entries.size();
    // A newcomer starts with its own evidence: what others published before it joined is theirs.
    long from = log.cursors.getOrDefault(instance, end);
    log.entries.add(local);
    end++;
    Evidence merged = Evidence.sum(log.entries.subList((int) (from - log.base), log.entries.size()), local.bins());
    log.cursors.put(instance, end);
    long min = log.cursors.values().stream().mapToLong(Long::longValue).min().orElse(end);
    if (min > log.base) {
      log.entries.subList(0, (int) (min - log.base)).clear();
      log.base = min;
    }
    return merged;
  }

}
