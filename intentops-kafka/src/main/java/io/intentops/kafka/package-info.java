/**
 * Streaming inference and replay on Apache Kafka: {@link io.intentops.kafka.ScoringTopology} (a Kafka
 * Streams topology that scores a topic of texts with any intent predictor, in batches, scaling out by
 * partitions), {@link io.intentops.kafka.ReplayTopology} and {@link io.intentops.kafka.Replay}
 * (re-scoring a captured topic or file export with a candidate version, reporting agreement and label
 * shift) and {@link io.intentops.kafka.KafkaCaptureSink} (capture events to a topic).
 */
@NullMarked
package io.intentops.kafka;

import org.jspecify.annotations.NullMarked;
