package io.intentops.capture;

import io.intentops.capture.internal.AsyncCapturePipeline;
import io.intentops.core.ConfigurationException;
import io.intentops.core.capture.CaptureSink;
import io.intentops.governance.pii.PiiScanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The front of capture: a {@link CaptureSink} for the request path that samples predictions, queues
 * events in a bounded queue and returns at once (a full queue drops the event and counts it; it never
 * blocks or throws), and one background thread that redacts each event's text and then hands batches to
 * the downstream sinks. Nothing reaches a sink before redaction. Thread-safe.
 */
public interface CapturePipeline extends CaptureSink {
  /** Queue capacity in events. */
  int DEFAULT_QUEUE_CAPACITY = 10_000;
  /** Most events handed to the sinks in one batch. */
  int DEFAULT_BATCH_SIZE = 256;
  /** Share of predictions kept. */
  double DEFAULT_SAMPLE_RATE = 1.0;
  /** Seed of the request-id hash that sampling uses. */
  long DEFAULT_SAMPLE_SEED = 2025;
  /** How long {@link #flush()} and {@link #close()} wait for the queue to drain. */
  Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** The counters so far. */
  CaptureStats stats();

  /**
   * Waits until every event accepted before the call has been delivered (or the drain timeout passed),
   * then flushes the sinks. For shutdown hooks and tests; never call it on the request path.
   */
  @Override
  void flush();

  /** Stops accepting (later events count as dropped), drains the queue, flushes and closes the sinks. */
  @Override
  void close();

  /** Validated builder; not thread-safe. */
  final class Builder {
    private final List<CaptureSink> sinks = new ArrayList<>();
    private UnaryOperator<String> redactor = PiiScanner.create()::redact;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private double sampleRate = DEFAULT_SAMPLE_RATE;
    private long sampleSeed = DEFAULT_SAMPLE_SEED;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

    private Builder() {}

    /** Adds a downstream sink; events reach sinks in the order they were added. At least one. */
    public Builder sink(CaptureSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * How request text (and corrected labels) are redacted before any sink sees them. Default: the
     * governance {@link PiiScanner} with every PII type, replacing findings by {@code [REDACTED:TYPE]}.
     */
    public Builder redactor(UnaryOperator<String> redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Queue capacity in events, at least 1. */
    public Builder queueCapacity(int n) {
      if (n < 1) {
        throw new ConfigurationException("queueCapacity must be >= 1, got " + n);
      }
      this.queueCapacity = n;
      return this;
    }

    /** Most events per delivered batch, at least 1. */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new ConfigurationException("batchSize must be >= 1, got " + n);
      }
      this.batchSize = n;
      return this;
    }

    /**
     * Share of predictions kept, in [0, 1]. The decision is a seeded hash of the request id, so it is
     * deterministic and the same on every replica; feedback is always kept.
     */
    public Builder sampleRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new ConfigurationException("sampleRate must be in [0, 1], got " + rate);
      }
      this.sampleRate = rate;
      return this;
    }

    /** Seed of the sampling hash. */
    public Builder sampleSeed(long seed) {
      this.sampleSeed = seed;
      return this;
    }

    /** How long flush and close wait for the queue to drain; positive. */
    public Builder drainTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException("drainTimeout must be positive, got " + d);
      }
      this.drainTimeout = d;
      return this;
    }

    /** Builds and starts the pipeline (its worker is a daemon thread). */
    public CapturePipeline build() {
      if (sinks.isEmpty()) {
        throw new ConfigurationException("A capture pipeline needs at least one sink");
      }
      return new AsyncCapturePipeline(List.copyOf(sinks), redactor, queueCapacity, batchSize, sampleRate,
          sampleSeed, drainTimeout);
    }
  }
}
