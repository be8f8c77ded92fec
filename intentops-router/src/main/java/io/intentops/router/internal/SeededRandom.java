package io.intentops.router.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free, allocation-free SplitMix64 stream shared by all threads. Deterministic for a given
 * seed when used from one thread (simulations); under concurrency each draw is still uniform.
 */
final class SeededRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final AtomicLong state;

  SeededRandom(long seed) {
    this.state = new AtomicLong(seed);
  }

  /** Uniform in [0, bound) for bound well below 2^31 (the modulo bias is below 1e-14). */
  int nextInt(int bound) {
    long z = state.addAndGet(GOLDEN);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) ((z >>> 1) % bound);
  }
}
