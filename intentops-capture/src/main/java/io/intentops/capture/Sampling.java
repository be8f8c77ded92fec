package io.intentops.capture;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic sampling decision: a seeded 64-bit hash of the request id mapped to [0, 1).
 * Stateless and thread-safe.
 */
public final class Sampling {
  private Sampling() {}

  /** Whether request {@code requestId} is kept at {@code rate}. */
  public static boolean keep(String requestId, double rate, long seed) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    return unit(requestId, seed) < rate;
  }

  /** The request id's position in [0, 1). */
  public static double unit(String requestId, long seed) {
    // FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser: cheap and well mixed.
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : requestId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }
}
