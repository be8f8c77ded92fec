package io.intentops.kafka.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Buffers incoming records in a changelogged key-value store and hands them to {@link #handle} in
 * batches: when {@code batchSize} are buffered, or every {@code maxDelay} of wall-clock time. The store
 * (not the heap) holds the buffer because Kafka Streams commits input offsets on its own schedule: a
 * record that was consumed and committed but only buffered in memory would be lost on a crash; in the
 * store it is restored from the changelog and scored after restart.
 */
public abstract class BatchingProcessor implements Processor<String, String, String, String> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A buffered input record. */
  public record Buffered(String id, String value, long timestamp) {}

  private final String storeName;
  private final int batchSize;
  private final Duration maxDelay;
  private @Nullable ProcessorContext<String, String> context;
  private @Nullable KeyValueStore<String, String> store;
  private long seq;
  private int buffered;

  protected BatchingProcessor(String storeName, int batchSize, Duration maxDelay) {
    this.storeName = storeName;
    this.batchSize = batchSize;
    this.maxDelay = maxDelay;
  }

  @Override
  public void init(ProcessorContext<String, String> ctx) {
    this.context = ctx;
    KeyValueStore<String, String> s = ctx.getStateStore(storeName);
    this.store = s;
    // Resume numbering after whatever survived a restart, so keys keep their order.
    try (KeyValueIterator<String, String> it = s.all()) {
      while (it.hasNext()) {
        seq = Math.max(seq, Long.parseLong(it.next().key) + 1);
        buffered++;
      }
    }
    ctx.schedule(maxDelay, PunctuationType.WALL_CLOCK_TIME, t -> flush());
  }

  @Override
  public void process(Record<String, String> record) {
    ProcessorContext<String, String> ctx = context();
    String id = record.key();
    if (id == null || id.isBlank()) {
      RecordMetadata m = ctx.recordMetadata().orElse(null);
      id = m == null ? "seq-" + seq : m.topic() + "-" + m.partition() + "-" + m.offset();
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("value", record.value());
    n.put("ts", record.timestamp());
    store().put(String.format("%019d", seq++), n.toString());
    if (++buffered >= batchSize) {
      flush();
    }
  }

  /** Scores everything buffered now. */
  protected final void flush() {
    if (buffered == 0) {
      return;
    }
    List<KeyValue<String, String>> rows = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store().all()) {
      it.forEachRemaining(rows::add);
    }
    List<Buffered> batch = new ArrayList<>(rows.size());
    for (KeyValue<String, String> kv : rows) {
      try {
        var n = JSON.readTree(kv.value);
        batch.add(new Buffered(n.get("id").asText(), n.get("value").isNull() ? "" : n.get("value").asText(),
            n.get("ts").asLong()));
      } catch (JacksonException e) {
        throw new IllegalStateException("Corrupt batch buffer entry " + kv.key, e); // only we write it
      }
    }
    handle(batch, context());
    for (KeyValue<String, String> kv : rows) {
      store().delete(kv.key);
    }
    buffered = 0;
  }

  /** Scores and forwards one batch, in order. */
  protected abstract void handle(List<Buffered> batch, ProcessorContext<String, String> ctx);

  private ProcessorContext<String, String> context() {
    if (context == null) {
      throw new IllegalStateException("processor not initialised");
    }
    return context;
  }

  private KeyValueStore<String, String> store() {
    if (store == null) {
      throw new IllegalStateException("processor not initialised");
    }
    return store;
  }
}
