package io.intentops.core.capture;

import java.util.List;

/**
 * Where captured predictions and feedback go. Predictors and routers hand events to a sink on the
 * request path, so the sink they are given must not block (the capture pipeline of
 * {@code intentops-capture} queues and returns at once); the pipeline in turn calls its downstream
 * sinks (files, Kafka, PostgreSQL, drift monitors) from one background thread, with redacted events
 * only. Implementations must be thread-safe.
 */
public interface CaptureSink extends AutoCloseable {

  /** A sink that discards everything. */
  static CaptureSink discard() {
    return e -> {};
  }

  /** Takes one event. Request-path sinks never throw for an event they cannot keep: they count it. */
  void accept(CaptureEvent event);

  /** Takes several events, in order; the default calls {@link #accept} for each. */
  default void acceptAll(List<? extends CaptureEvent> events) {
    for (CaptureEvent e : events) {
      accept(e);
    }
  }

  /** Makes what was accepted so far durable (where the sink has durability); the default does nothing. */
  default void flush() {}

  /** Flushes and releases resources. Idempotent. */
  @Override
  default void close() {}
}
