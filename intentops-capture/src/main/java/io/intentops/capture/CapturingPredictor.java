package io.intentops.capture;

import io.intentops.core.Clock;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.CaptureSink;
import io.intentops.core.capture.ProjectedEmbedding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A decorator that captures what an intent predictor serves: each prediction is handed to a
 * {@link CaptureSink} (normally a {@link CapturePipeline}) after the delegate answered. Capture never
 * changes or fails the answer: an exception from the sink is counted ({@link #captureFailures()}) and
 * swallowed. Needs no change to the predictor, the router or inference: wrap the predictor a router
 * version serves. Thread-safe when the delegate is.
 */
public final class CapturingPredictor implements Predictor<String, IntentPrediction> {
  private final Predictor<String, IntentPrediction> delegate;
  private final CaptureSink sink;
  private final Clock clock;
  private final byte[] keySalt;
  private final LongAdder failures = new LongAdder();
  private final Function<? super IntentPrediction, ? extends @Nullable ProjectedEmbedding> embeddings;

  private CapturingPredictor(Predictor<String, IntentPrediction> delegate, CaptureSink sink, Clock clock, String salt,
      Function<? super IntentPrediction, ? extends @Nullable ProjectedEmbedding> embeddings) {
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keySalt = salt.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Wraps {@code delegate}.
   *
   * @param routingKeySalt salt of the routing-key hash (keep it secret and stable per deployment)
   */
  public static CapturingPredictor wrap(Predictor<String, IntentPrediction> delegate, CaptureSink sink, Clock clock,
      String routingKeySalt) {
    return new CapturingPredictor(delegate, sink, clock, routingKeySalt, p -> null);
  }

  /**
   * Wraps {@code delegate} and attaches to each record the projected embedding {@code embeddings}
   * returns for the served prediction (normally {@code tap::take} of an
   * {@link io.intentops.capture.drift.EmbeddingTap} whose hook the predictor feeds), or none when it
   * returns null. Records then carry the embedding into every sink: this is the opt-in that stores it.
   */
  public static CapturingPredictor wrap(Predictor<String, IntentPrediction> delegate, CaptureSink sink, Clock clock,
      String routingKeySalt, Function<? super IntentPrediction, ? extends @Nullable ProjectedEmbedding> embeddings) {
    return new CapturingPredictor(delegate, sink, clock, routingKeySalt, embeddings);
  }

  /** Predicts and captures under a fresh random request id, without a routing key. */
  @Override
  public IntentPrediction predict(String text) {
    return predict(text, UUID.randomUUID().toString(), null);
  }

  /** Predicts {@code text} for request {@code requestId} and captures it with the hashed {@code routingKey}. */
  public IntentPrediction predict(String text, String requestId, @Nullable String routingKey) {
    IntentPrediction p = delegate.predict(text);
    capture(requestId, routingKey, text, p);
    return p;
  }

  /** Predicts a batch and captures each item under a fresh random request id. */
  @Override
  public List<IntentPrediction> predictBatch(List<? extends String> inputs) {
    List<IntentPrediction> out = delegate.predictBatch(inputs);
    for (int i = 0; i < out.size(); i++) {
      capture(UUID.randomUUID().toString(), null, inputs.get(i), out.get(i));
    }
    return out;
  }

  private void capture(String requestId, @Nullable String routingKey, String text, IntentPrediction p) {
    try {
      sink.accept(CaptureRecord.of(requestId, clock.instant(), routingKey == null ? null : hashKey(routingKey), text, p,
          embeddings.apply(p)));
    } catch (RuntimeException e) {
      failures.increment();
    }
  }

  /** The salted SHA-256 of a routing key, first 16 bytes in hex: joins records of one key without storing it. */
  public String hashKey(String routingKey) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(keySalt);
      md.update((byte) 0);
      md.update(routingKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Captures the sink refused with an exception (the answers were still returned). */
  public long captureFailures() {
    return failures.sum();
  }

  @Override
  public ModelVersion version() {
    return delegate.version();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
