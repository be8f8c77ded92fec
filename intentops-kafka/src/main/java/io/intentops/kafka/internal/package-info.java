/** Kafka Streams processors behind the public topologies. */
@NullMarked
package io.intentops.kafka.internal;

import org.jspecify.annotations.NullMarked;
