package io.intentops.inference.encoder;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches SHA-256 digests of files keyed by (absolute path, size, last-modified time, file key), so a
 * 130 MB encoder is hashed once per process rather than on every load. A file that changes size or
 * modification time is hashed again. Thread-safe.
 */
public final class DigestCache {
  private static final DigestCache SHARED = new DigestCache();

  private record Key(Path path, long size, long mtimeNanos, Object fileKey) {}

  private final ConcurrentHashMap<Key, Checksum> cache = new ConcurrentHashMap<>();

  /** A new, empty cache. */
  public DigestCache() {}

  /** The process-wide cache. */
  public static DigestCache shared() {
    return SHARED;
  }

  /**
   * The digest of {@code file}, from the cache when its size and modification time are unchanged.
   *
   * @throws ModelLoadException when the file cannot be read
   */
  public Checksum sha256(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
      Object fk = a.fileKey() == null ? "" : a.fileKey();
      Key k = new Key(abs, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), fk);
      return cache.computeIfAbsent(k, key -> Checksum.sha256(key.path()));
    } catch (IOException | UncheckedIOException e) {
      throw new ModelLoadException("Cannot read " + abs + " to verify its SHA-256: " + e.getMessage(), e);
    }
  }

  /** Number of cached digests. */
  public int size() {
    return cache.size();
  }

  /** Forgets every digest. */
  public void clear() {
    cache.clear();
  }
}
