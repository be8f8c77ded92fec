package io.intentops.kafka.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.capture.CaptureFormatException;
import io.intentops.capture.CaptureJson;
import io.intentops.core.IntentOpsException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.kafka.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

/** Re-scores captured records in batches and feeds a {@link Replay.Accumulator}. */
public final class ReplayProcessor extends BatchingProcessor {
  /** Child name of the comparison sink. */
  public static final String OUT = "comparisons";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Predictor<String, IntentPrediction> candidate;
  private final Replay.Accumulator acc;
  private final boolean forward;

  public ReplayProcessor(String store, int batchSize, Duration maxDelay, Predictor<String, IntentPrediction> candidate,
      Replay.Accumulator acc, boolean forward) {
    super(store, batchSize, maxDelay);
    this.candidate = candidate;
    this.acc = acc;
    this.forward = forward;
  }

  @Override
  protected void handle(List<Buffered> batch, ProcessorContext<String, String> ctx) {
    List<CaptureRecord> records = new ArrayList<>(batch.size());
    List<Long> times = new ArrayList<>(batch.size());
    for (Buffered b : batch) {
      CaptureEvent e;
      try {
        e = CaptureJson.parse(b.value(), "replay input", 0);
      } catch (CaptureFormatException bad) {
        acc.skip();
        continue;
      }
      if (e instanceof CaptureRecord r) {
        records.add(r);
        times.add(b.timestamp());
      } else {
        acc.skip();
      }
    }
    if (records.isEmpty()) {
      return;
    }
    List<@Nullable IntentPrediction> out = new ArrayList<>(records.size());
    try {
      out.addAll(candidate.predictBatch(records.stream().map(CaptureRecord::text).toList()));
    } catch (IntentOpsException e) {
      for (CaptureRecord r : records) {
        try {
          out.add(candidate.predict(r.text()));
        } catch (IntentOpsException one) {
          out.add(null);
        }
      }
    }
    for (int i = 0; i < records.size(); i++) {
      CaptureRecord r = records.get(i);
      IntentPrediction p = out.get(i);
      if (p == null) {
        acc.skip();
        continue;
      }
      acc.add(r, p);
      if (forward) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", r.requestId());
        n.put("productionVersion", r.modelVersion().toString());
        n.put("candidateVersion", p.modelVersion().toString());
        n.put("production", r.label());
        n.put("candidate", p.label());
        n.put("agree", r.label().equals(p.label()));
        n.put("candidateScore", p.score());
        n.put("candidateOutOfScope", p.outOfScope());
        ctx.forward(new Record<>(r.requestId(), n.toString(), times.get(i)), OUT);
      }
    }
  }
}
