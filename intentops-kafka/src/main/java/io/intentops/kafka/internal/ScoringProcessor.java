package io.intentops.kafka.internal;

import io.intentops.capture.CaptureJson;
import io.intentops.core.IntentOpsException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.capture.CaptureRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

/** Scores batches with {@code predictBatch}; a batch with a bad text is retried item by item. */
public final class ScoringProcessor extends BatchingProcessor {
  /** Child name of the output sink. */
  public static final String OUT = "scored";
  /** Child name of the dead-letter sink. */
  public static final String DEAD = "dead-letter";

  private final Predictor<String, IntentPrediction> predictor;
  private final UnaryOperator<String> redactor;
  private final boolean deadLetter;
  private final LongAdder failed;

  public ScoringProcessor(String store, int batchSize, Duration maxDelay, Predictor<String, IntentPrediction> predictor,
      UnaryOperator<String> redactor, boolean deadLetter, LongAdder failed) {
    super(store, batchSize, maxDelay);
    this.predictor = predictor;
    this.redactor = redactor;
    this.deadLetter = deadLetter;
    this.failed = failed;
  }

  @Override
  protected void handle(List<Buffered> batch, ProcessorContext<String, String> ctx) {
    List<@Nullable IntentPrediction> out = new ArrayList<>(batch.size());
    try {
      out.addAll(predictor.predictBatch(batch.stream().map(Buffered::value).toList()));
    } catch (IntentOpsException e) {
      out.clear();
      for (Buffered b : batch) {
        try {
          out.add(predictor.predict(b.value()));
        } catch (IntentOpsException one) {
          out.add(null);
        }
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      Buffered b = batch.get(i);
      IntentPrediction p = out.get(i);
      if (p == null) {
        failed.increment();
        if (deadLetter) {
          ctx.forward(new Record<>(b.id(), redactor.apply(b.value()), b.timestamp()), DEAD);
        }
        continue;
      }
      CaptureRecord r = CaptureRecord.of(b.id(), Instant.ofEpochMilli(b.timestamp()), null, redactor.apply(b.value()), p);
      ctx.forward(new Record<>(b.id(), CaptureJson.toJson(r), b.timestamp()), OUT);
    }
  }

}
