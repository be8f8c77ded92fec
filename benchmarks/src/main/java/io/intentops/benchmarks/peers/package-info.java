/**
 * Peer implementations of the same task on the same encoder, for the peer benchmarks and the
 * agreement check: DJL's text-embedding translator on its OnnxRuntime engine and langchain4j's
 * in-process bge-small model, each followed by the reference bundle's head.
 */
@NullMarked
package io.intentops.benchmarks.peers;

import org.jspecify.annotations.NullMarked;
