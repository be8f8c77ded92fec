package io.intentops.router.internal;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Sticky buckets: unsigned 32-bit murmur3 (x86_32, seed 0) of the UTF-8 bytes of {@code key + salt},
 * modulo 10000. Other languages reproduce it with e.g. {@code mmh3.hash(key + salt, 0, signed=False) % 10000}.
 * Thread-safe.
 */
public final class Bucketing {
  /** Number of buckets: one per basis point. */
  public static final int BUCKETS = 10_000;
  private static final int SEED = 0;
  private static final int MAX_FAST = 512;
  // Why: ASCII keys are encoded into a per-thread buffer, so the hot path allocates nothing.
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[MAX_FAST]);

  private Bucketing() {}

  /** The bucket of {@code key} under {@code salt}, in [0, 10000). */
  public static int bucket(String key, String salt) {
    int n = key.length() + salt.length();
    if (n <= MAX_FAST) {
      byte[] buf = BUFFER.get();
      if (ascii(key, buf, 0) && ascii(salt, buf, key.length())) {
        return reduce(MurmurHash3.hash32x86(buf, 0, n, SEED));
      }
    }
    byte[] bytes = (key + salt).getBytes(StandardCharsets.UTF_8);
    return reduce(MurmurHash3.hash32x86(bytes, 0, bytes.length, SEED));
  }

  private static boolean ascii(String s, byte[] buf, int offset) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      buf[offset + i] = (byte) c;
    }
    return true;
  }

  private static int reduce(int hash) {
    return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
  }
}
