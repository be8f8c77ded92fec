package io.intentops.kafka;

import io.intentops.core.IntentOpsException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.eval.metrics.DriftMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-scores captured predictions with a candidate version and compares its answers with production's.
 * {@link #run} replays a file or JDBC export ({@code CaptureFiles.read(dir).events()}); the
 * {@link ReplayTopology} feeds the same {@link Accumulator} from a topic. Note that captured texts are
 * redacted, so the candidate sees {@code [REDACTED:EMAIL]} where production saw an address.
 */
public final class Replay {
  /** How many label changes a report lists. */
  public static final int TOP_CHANGES = 20;

  private Replay() {}

  /** Replays {@code events} through {@code candidate} with {@code predictBatch} calls of {@code batchSize}. */
  public static ReplayReport run(Iterable<? extends CaptureEvent> events, Predictor<String, IntentPrediction> candidate,
      int batchSize) {
    Accumulator acc = new Accumulator();
    List<CaptureRecord> batch = new ArrayList<>(batchSize);
    for (CaptureEvent e : events) {
      if (!(e instanceof CaptureRecord r)) {
        acc.skip();
        continue;
      }
      batch.add(r);
      if (batch.size() >= batchSize) {
        acc.score(batch, candidate);
        batch.clear();
      }
    }
    acc.score(batch, candidate);
    return acc.report();
  }

  /** Running totals of a replay. Thread-safe. */
  public static final class Accumulator {
    private final Map<String, Long> production = new TreeMap<>();
    private final Map<String, Long> candidate = new TreeMap<>();
    private final Map<String, Long> changes = new HashMap<>();
    private long replayed;
    private long agreed;
    private long oosAgreed;
    private long skipped;

    /** Scores {@code records} with {@code candidate} (one batch; item by item when the batch is rejected). */
    public void score(List<CaptureRecord> records, Predictor<String, IntentPrediction> model) {
      if (records.isEmpty()) {
        return;
      }
      List<IntentPrediction> out;
      try {
        out = model.predictBatch(records.stream().map(CaptureRecord::text).toList());
      } catch (IntentOpsException e) {
        for (CaptureRecord r : records) {
          try {
            add(r, model.predict(r.text()));
          } catch (IntentOpsException one) {
            skip();
          }
        }
        return;
      }
      for (int i = 0; i < records.size(); i++) {
        add(records.get(i), out.get(i));
      }
    }

    /** Counts one comparison. */
    public synchronized void add(CaptureRecord served, IntentPrediction replayedAnswer) {
      replayed++;
      production.merge(served.label(), 1L, Long::sum);
      candidate.merge(replayedAnswer.label(), 1L, Long::sum);
      if (served.label().equals(replayedAnswer.label())) {
        agreed++;
      } else {
        changes.merge(served.label() + " -> " + replayedAnswer.label(), 1L, Long::sum);
      }
      if (served.outOfScope() == replayedAnswer.outOfScope()) {
        oosAgreed++;
      }
    }

    /** Counts an event that was not replayed. */
    public synchronized void skip() {
      skipped++;
    }

    /** The report so far. */
    public synchronized ReplayReport report() {
      Map<String, Long> top = new LinkedHashMap<>();
      changes.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP_CHANGES).forEach(e -> top.put(e.getKey(), e.getValue()));
      double js = replayed == 0 ? Double.NaN : DriftMetrics.jensenShannonDistance(production, candidate);
      double psi = replayed == 0 ? Double.NaN : DriftMetrics.psi(production, candidate);
      return new ReplayReport(replayed, agreed, replayed == 0 ? Double.NaN : agreed / (double) replayed,
          replayed == 0 ? Double.NaN : oosAgreed / (double) replayed, js, psi, production, candidate, top, skipped);
    }

  }
}
