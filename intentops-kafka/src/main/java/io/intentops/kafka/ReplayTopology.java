package io.intentops.kafka;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.kafka.internal.ReplayProcessor;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka Streams topology that re-scores a captured topic (values in
 * {@link io.intentops.capture.CaptureJson}, as {@link KafkaCaptureSink} and {@link ScoringTopology}
 * write them) with a candidate version, in {@code predictBatch} batches, and accumulates a
 * {@link ReplayReport} ({@link #report()}); optionally each comparison goes to an output topic as
 * JSON {@code {requestId, productionVersion, candidateVersion, production, candidate, agree,
 * candidateScore, candidateOutOfScope}}. Feedback and malformed values are skipped and counted. The
 * report covers what this JVM's instance replayed.
 */
public final class ReplayTopology {
  static final String STORE = "intentops-replay-buffer";

  private final Topology topology;
  private final Replay.Accumulator acc;

  private ReplayTopology(Topology topology, Replay.Accumulator acc) {
    this.topology = topology;
    this.acc = acc;
  }

  /** A builder replaying through {@code candidate}. */
  public static Builder builder(Predictor<String, IntentPrediction> candidate) {
    return new Builder(candidate);
  }

  /** The topology. */
  public Topology topology() {
    return topology;
  }

  /** The report so far. */
  public ReplayReport report() {
    return acc.report();
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private final Predictor<String, IntentPrediction> candidate;
    private String input = "intentops-captures";
    private @Nullable String output;
    private int batchSize = ScoringTopology.DEFAULT_BATCH_SIZE;
    private Duration maxDelay = ScoringTopology.DEFAULT_MAX_BATCH_DELAY;

    private Builder(Predictor<String, IntentPrediction> candidate) {
      this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** The captured topic (default {@code intentops-captures}). */
    public Builder capturedTopic(String t) {
      input = ScoringTopology.Builder.topic(t);
      return this;
    }

    /** Where comparisons go; none by default. */
    public Builder outputTopic(String t) {
      output = ScoringTopology.Builder.topic(t);
      return this;
    }

    /** Records per {@code predictBatch} call, at least 1. */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new ConfigurationException("batchSize must be >= 1, got " + n);
      }
      batchSize = n;
      return this;
    }

    /** Longest wait of a partial batch (wall clock); at least 1 ms. */
    public Builder maxBatchDelay(Duration d) {
      if (d.toMillis() < 1) {
        throw new ConfigurationException("maxBatchDelay must be >= 1 ms, got " + d);
      }
      maxDelay = d;
      return this;
    }

    /** The topology. */
    public ReplayTopology build() {
      if (input.equals(output)) {
        throw new ConfigurationException("The captured topic must differ from the output topic: " + input);
      }
      Replay.Accumulator acc = new Replay.Accumulator();
      Topology t = new Topology();
      t.addSource("captures", Serdes.String().deserializer(), Serdes.String().deserializer(), input);
      int size = batchSize;
      Duration delay = maxDelay;
      boolean fwd = output != null;
      t.addProcessor("replay", () -> new ReplayProcessor(STORE, size, delay, candidate, acc, fwd), "captures");
      t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()),
          "replay");
      if (output != null) {
        t.addSink(ReplayProcessor.OUT, output, Serdes.String().serializer(), Serdes.String().serializer(), "replay");
      }
      return new ReplayTopology(t, acc);
    }
  }
}
