package io.intentops.kafka;

import io.intentops.capture.CaptureJson;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureSink;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A capture sink that sends each event to a topic: key = request id (so a request's prediction and its
 * feedback land in the same partition, in order), value = {@link CaptureJson}. Put it behind a
 * {@code CapturePipeline}, which redacts first and calls it from its worker thread; sends are
 * asynchronous and failures are counted ({@link #failures()}). The producer is owned by the sink and
 * closed with it. Thread-safe.
 */
public final class KafkaCaptureSink implements CaptureSink {
  private final Producer<String, String> producer;
  private final String topic;
  private final LongAdder sent = new LongAdder();
  private final LongAdder failures = new LongAdder();

  private KafkaCaptureSink(Producer<String, String> producer, String topic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = ScoringTopology.Builder.topic(topic);
  }

  /** A sink writing to {@code topic} through {@code producer} (String key and value serializers). */
  public static KafkaCaptureSink create(Producer<String, String> producer, String topic) {
    return new KafkaCaptureSink(producer, topic);
  }

  @Override
  public void accept(CaptureEvent event) {
    producer.send(new ProducerRecord<>(topic, event.requestId(), CaptureJson.toJson(event)), (md, e) -> {
      if (e == null) {
        sent.increment();
      } else {
        failures.increment();
      }
    });
  }

  @Override
  public void flush() {
    producer.flush();
  }

  /** Events the broker acknowledged. */
  public long sent() {
    return sent.sum();
  }

  /** Events the producer failed to send. */
  public long failures() {
    return failures.sum();
  }

  @Override
  public void close() {
    producer.close();
  }

  @Override
  public String toString() {
    return "KafkaCaptureSink[" + topic + "]";
  }
}
