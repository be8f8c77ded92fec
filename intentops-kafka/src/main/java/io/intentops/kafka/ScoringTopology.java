package io.intentops.kafka;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.kafka.internal.ScoringProcessor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka Streams topology that scores a topic of texts with an intent predictor. Input: key = request
 * id (when null, {@code topic-partition-offset} is used), value = the text (UTF-8 string). Output: key =
 * request id, value = the {@link io.intentops.capture.CaptureJson} of the prediction, with the text
 * redacted by the governance {@link PiiScanner} (so the output topic is itself a captured topic that
 * {@link ReplayTopology} can re-score). Texts the predictor rejects go to the dead-letter topic when
 * one is set (redacted), and are counted either way.
 *
 * <p>Records are scored with {@code predictBatch} in batches of up to {@link Builder#batchSize} or
 * after {@link Builder#maxBatchDelay} of wall-clock time, buffered in a changelogged store so a crash
 * loses nothing. Scale out by running more instances with the same {@code application.id}: Kafka
 * Streams spreads the input partitions over them. For exactly-once set
 * {@code processing.guarantee=exactly_once_v2} in the streams config. The predictor must be thread-safe
 * when the instance runs several stream threads.
 */
public final class ScoringTopology {
  /**
   * Records per {@code predictBatch} call. Larger than the predictor's own run size (64 for
   * {@code IntentPredictor}) on purpose: {@code predictBatch} sorts a call's texts by length and runs
   * them in chunks, so a 512-text call gives chunks of similar lengths (little padding), while a call
   * of 64 texts in arrival order pads each run to its longest text. Measured with the real bundle in
   * {@code docs/kafka.md}.
   */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /** Longest a record waits in a partial batch. */
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(100);
  static final String STORE = "intentops-scoring-buffer";

  private final Topology topology;
  private final LongAdder failed;

  private ScoringTopology(Topology topology, LongAdder failed) {
    this.topology = topology;
    this.failed = failed;
  }

  /** A builder scoring with {@code predictor}. */
  public static Builder builder(Predictor<String, IntentPrediction> predictor) {
    return new Builder(predictor);
  }

  /** The topology, for {@code new KafkaStreams(topology, config)} or a {@code TopologyTestDriver}. */
  public Topology topology() {
    return topology;
  }

  /** Texts the predictor rejected so far (in this JVM). */
  public long failed() {
    return failed.sum();
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private final Predictor<String, IntentPrediction> predictor;
    private String input = "intentops-texts";
    private String output = "intentops-predictions";
    private @Nullable String deadLetter;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration maxDelay = DEFAULT_MAX_BATCH_DELAY;
    private UnaryOperator<String> redactor = PiiScanner.create()::redact;

    private Builder(Predictor<String, IntentPrediction> predictor) {
      this.predictor = Objects.requireNonNull(predictor, "predictor");
    }

    /** The topic of texts (default {@code intentops-texts}). */
    public Builder inputTopic(String t) {
      input = topic(t);
      return this;
    }

    /** The topic of predictions (default {@code intentops-predictions}). */
    public Builder outputTopic(String t) {
      output = topic(t);
      return this;
    }

    /** Where rejected texts go (redacted); none by default. */
    public Builder deadLetterTopic(String t) {
      deadLetter = topic(t);
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

    /** How texts are redacted in the output (default: the governance PiiScanner). */
    public Builder redactor(UnaryOperator<String> r) {
      redactor = Objects.requireNonNull(r, "redactor");
      return this;
    }

    /** The topology. */
    public ScoringTopology build() {
      if (input.equals(output) || input.equals(deadLetter)) {
        throw new ConfigurationException("The input topic must differ from the output and dead-letter topics: " + input);
      }
      LongAdder failed = new LongAdder();
      Topology t = new Topology();
      t.addSource("texts", Serdes.String().deserializer(), Serdes.String().deserializer(), input);
      int size = batchSize;
      Duration delay = maxDelay;
      UnaryOperator<String> red = redactor;
      boolean dl = deadLetter != null;
      t.addProcessor("score", () -> new ScoringProcessor(STORE, size, delay, predictor, red, dl, failed), "texts");
      t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()),
          "score");
      t.addSink(ScoringProcessor.OUT, output, Serdes.String().serializer(), Serdes.String().serializer(), "score");
      if (deadLetter != null) {
        t.addSink(ScoringProcessor.DEAD, deadLetter, Serdes.String().serializer(), Serdes.String().serializer(), "score");
      }
      return new ScoringTopology(t, failed);
    }

    static String topic(String t) {
      if (t == null || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new ConfigurationException("Not a valid Kafka topic name: '" + t + "'");
      }
      return t;
    }
  }
}
