package io.intentops.capture.internal;

import io.intentops.capture.CaptureFiles;
import io.intentops.capture.CaptureJson;
import io.intentops.capture.JsonlFileSink;
import io.intentops.core.Clock;
import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The rolling JSON-lines sink; see {@link JsonlFileSink}. */
public final class RollingJsonlSink implements JsonlFileSink {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String PREFIX = "capture-";
  private static final String SUFFIX = ".jsonl";

  private final Path dir;
  private final Duration retention;
  private final long intervalMillis;
  private final long maxFileBytes;
  private final boolean fsync;
  private final Clock clock;
  private @Nullable FileChannel channel;
  private @Nullable Path current;
  private long bucket = Long.MIN_VALUE;
  private int seq;
  private long size;
  private boolean closed;

  public RollingJsonlSink(Path dir, Duration retention, Duration rollInterval, long maxFileBytes, boolean fsync,
      Clock clock) {
    this.dir = dir;
    this.retention = retention;
    this.intervalMillis = rollInterval.toMillis();
    this.maxFileBytes = maxFileBytes;
    this.fsync = fsync;
    this.clock = clock;
    try {
      if (!Files.isDirectory(dir) && posix(dir)) {
        // Captured text is redacted but still user text: owner-only, like a log of requests should be.
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new StoreException("Cannot create capture directory " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void accept(CaptureEvent event) {
    acceptAll(List.of(event));
  }

  @Override
  public synchronized void acceptAll(List<? extends CaptureEvent> events) {
    if (closed) {
      throw new StoreException("Capture sink " + dir + " is closed");
    }
    if (events.isEmpty()) {
      return;
    }
    // Encode everything first: a bad event fails the batch before a byte is written.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 256);
    for (CaptureEvent e : events) {
      bytes.writeBytes(CaptureJson.toJson(e).getBytes(StandardCharsets.UTF_8));
      bytes.write('\n');
    }
    FileChannel ch = channelFor(clock.millis());
    ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
    long before = size;
    Path file = current;
    try {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (fsync) {
        ch.force(false);
      }
      size += bytes.size();
    } catch (IOException e) {
      // A failed append (disk full) may have written part of the batch: cut it off, so the next batch
      // does not follow a torn line. If even that fails, drop the channel; reopening repairs the tail.
      try {
        ch.truncate(before);
      } catch (IOException truncateFailed) {
        e.addSuppressed(truncateFailed);
        closeQuietly();
      }
      throw new StoreException("Cannot append to capture file " + file + ": " + e.getMessage(), e);
    }
  }

  private FileChannel channelFor(long nowMillis) {
    long b = Math.floorDiv(nowMillis, intervalMillis) * intervalMillis;
    if (channel != null && b == bucket && size < maxFileBytes) {
      return channel;
    }
    closeChannel();
    if (b != bucket) {
      bucket = b;
      seq = highestSeq(b);
    }
    while (true) {
      Path p = dir.resolve(name(b, seq));
      try {
        if (Files.exists(p)) {
          CaptureFiles.repair(p); // a torn tail from a crash must not end up mid-file
        }
        long existing = Files.exists(p) ? Files.size(p) : 0;
        if (existing >= maxFileBytes) {
          seq++;
          continue;
        }
        channel = existing > 0 || Files.exists(p) || !posix(dir)
            ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
            : FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        current = p;
        size = existing;
        return channel;
      } catch (IOException e) {
        throw new StoreException("Cannot open capture file " + p + ": " + e.getMessage(), e);
      }
    }
  }

  private int highestSeq(long b) {
    String stem = PREFIX + STAMP.format(Instant.ofEpochMilli(b)) + "-";
    int best = 0;
    for (Path p : CaptureFiles.list(dir)) {
      String n = p.getFileName().toString();
      if (n.startsWith(stem)) {
        try {
          best = Math.max(best, Integer.parseInt(n.substring(stem.length(), n.length() - SUFFIX.length())));
        } catch (NumberFormatException ignored) {
          // not one of ours
        }
      }
    }
    return best;
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String name(long bucketMillis, int seq) {
    return PREFIX + STAMP.format(Instant.ofEpochMilli(bucketMillis)) + "-" + String.format("%04d", seq) + SUFFIX;
  }

  private static long bucketOf(Path p) {
    String n = p.getFileName().toString();
    try {
      String stamp = n.substring(PREFIX.length(), PREFIX.length() + 16);
      return STAMP.parse(stamp, Instant::from).toEpochMilli();
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return Long.MAX_VALUE; // not a sink file name: never purged
    }
  }

  @Override
  public long purge() {
    return purge(clock.instant());
  }

  @Override
  public synchronized long purge(Instant now) {
    long cutoff = now.minus(retention).toEpochMilli();
    long removed = 0;
    for (Path p : CaptureFiles.list(dir)) {
      long start = bucketOf(p);
      if (start == Long.MAX_VALUE || p.equals(current) || start + intervalMillis > cutoff) {
        continue;
      }
      long[] lines = {0};
      try {
        CaptureFiles.forEach(p, e -> lines[0]++);
      } catch (RuntimeException e) {
        lines[0] = 0; // an unreadable expired file is still expired
      }
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new StoreException("Cannot delete expired capture file " + p + ": " + e.getMessage(), e);
      }
      removed += lines[0];
    }
    return removed;
  }

  @Override
  public synchronized void flush() {
    if (channel != null) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new StoreException("Cannot flush capture file " + current + ": " + e.getMessage(), e);
      }
    }
  }

  private void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // already failing; the reopen repairs the file
    } finally {
      channel = null;
      current = null;
      bucket = Long.MIN_VALUE;
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.force(false);
        channel.close();
      } catch (IOException e) {
        throw new StoreException("Cannot close capture file " + current + ": " + e.getMessage(), e);
      } finally {
        channel = null;
        current = null;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeChannel();
    }
  }

  @Override
  public String toString() {
    return "JsonlFileSink[" + dir + "]";
  }
}
