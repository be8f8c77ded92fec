package io.intentops.capture;

import io.intentops.capture.internal.RollingJsonlSink;
import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.capture.CaptureSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The embedded default sink: rolling JSON-lines files in one directory, one event per line
 * ({@link CaptureJson}). A file covers one roll interval of the sink's clock (UTC-aligned, default one
 * hour) and rolls early at {@link Builder#maxFileBytes}; names are
 * {@code capture-yyyyMMdd'T'HHmmss'Z'-NNNN.jsonl}, so they sort in time order.
 *
 * <p><b>Crash safety.</b> Each batch is encoded in full and appended with one positional write per
 * file, then forced to disk ({@link Builder#fsync}, default on). A process killed mid-write can leave
 * at most a torn last line; {@link CaptureFiles} skips it when reading, and the sink truncates it when
 * it reopens the file, so a torn line never ends up in the middle of a file.
 *
 * <p><b>Retention.</b> {@link #purge()} deletes every file whose interval ended more than the TTL ago
 * (default 30 days), so a record is kept for at least the TTL and at most TTL plus one roll interval.
 * Single writer per directory (the sink takes no cross-process lock); the methods are thread-safe.
 */
public interface JsonlFileSink extends CaptureSink {
  /** Records are kept at least this long. */
  Duration DEFAULT_RETENTION = Duration.ofDays(30);
  /** Length of the time span a file covers. */
  Duration DEFAULT_ROLL_INTERVAL = Duration.ofHours(1);
  /** A file rolls early when it reaches this size (bytes). */
  long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** A builder for a sink writing into {@code directory} (created if missing). */
  static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The directory written to. */
  Path directory();

  /**
   * Deletes the files whose interval ended before {@code now - retention} (the current file is never
   * deleted); returns how many records (lines) they held.
   */
  long purge();

  /** The same, with an explicit "now" (for a purge job that runs elsewhere). */
  long purge(Instant now);

  /** Validated builder; not thread-safe. */
  final class Builder {
    private final Path directory;
    private Duration retention = DEFAULT_RETENTION;
    private Duration rollInterval = DEFAULT_ROLL_INTERVAL;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private boolean fsync = true;
    private Clock clock = Clock.system();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Retention TTL; positive. */
    public Builder retention(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException("retention must be positive, got " + d);
      }
      this.retention = d;
      return this;
    }

    /** Time span of one file: at least one second, and it must divide a day evenly. */
    public Builder rollInterval(Duration d) {
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || Duration.ofDays(1).toMillis() % d.toMillis() != 0) {
        throw new ConfigurationException("rollInterval must be >= 1 s and divide a day evenly, got " + d);
      }
      this.rollInterval = d;
      return this;
    }

    /** Size at which a file rolls early; at least 1 KiB. */
    public Builder maxFileBytes(long n) {
      if (n < 1024) {
        throw new ConfigurationException("maxFileBytes must be >= 1024, got " + n);
      }
      this.maxFileBytes = n;
      return this;
    }

    /** Whether each batch is forced to disk before the next (default true; off survives kill -9, not power loss). */
    public Builder fsync(boolean on) {
      this.fsync = on;
      return this;
    }

    /** Clock for file intervals and retention (a ManualClock in tests). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Opens the sink.
     *
     * @throws io.intentops.core.StoreException when the directory cannot be created or written
     */
    public JsonlFileSink build() {
      return new RollingJsonlSink(directory, retention, rollInterval, maxFileBytes, fsync, clock);
    }
  }
}
