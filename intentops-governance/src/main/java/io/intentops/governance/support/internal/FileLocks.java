package io.intentops.governance.support.internal;

import io.intentops.core.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Exclusive, re-entrant locking of a directory across threads and processes. Why both levels: a
 * {@link FileLock} is held per JVM (a second {@code lock()} from the same JVM throws
 * {@code OverlappingFileLockException}), so threads first take an in-JVM lock keyed by the lock
 * file, and only the outermost holder takes the OS lock.
 */
public final class FileLocks {
  private static final Map<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

  private FileLocks() {}

  private static final class Holder {
    final ReentrantLock lock = new ReentrantLock();
    FileChannel channel;
    FileLock fileLock;
  }

  /** Runs {@code work} while holding the lock on {@code lockFile} (created if missing). */
  public static <T> T withLock(Path lockFile, Supplier<T> work) {
    Path key = lockFile.toAbsolutePath().normalize();
    Holder h = HOLDERS.computeIfAbsent(key, k -> new Holder());
    h.lock.lock();
    try {
      if (h.lock.getHoldCount() == 1) {
        try {
          Files.createDirectories(key.getParent());
          h.channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          h.fileLock = h.channel.lock();
        } catch (IOException e) {
          closeQuietly(h);
          throw new StoreException("Cannot lock " + key + ": " + e.getMessage(), e);
        }
      }
      try {
        return work.get();
      } finally {
        if (h.lock.getHoldCount() == 1) {
          closeQuietly(h);
        }
      }
    } finally {
      h.lock.unlock();
    }
  }

  /** Runs {@code work} while holding the lock. */
  public static void withLock(Path lockFile, Runnable work) {
    withLock(lockFile, () -> {
      work.run();
      return null;
    });
  }

  private static void closeQuietly(Holder h) {
    try {
      if (h.fileLock != null) {
        h.fileLock.release();
      }
      if (h.channel != null) {
        h.channel.close();
      }
    } catch (IOException ignored) {
      // Closing the channel releases the lock anyway.
    } finally {
      h.fileLock = null;
      h.channel = null;
    }
  }
}
