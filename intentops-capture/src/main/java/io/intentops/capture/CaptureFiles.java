package io.intentops.capture;

import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the files of a {@link JsonlFileSink} directory back, in time order. A last line without its
 * newline (a write cut short by {@code kill -9}) is skipped and counted; any other bad line fails with
 * {@link CaptureFormatException} naming file and line, since only a torn tail is an expected crash
 * artefact. Stateless and thread-safe.
 */
public final class CaptureFiles {
  /** File name pattern of the sink. */
  static final String PREFIX = "capture-";
  static final String SUFFIX = ".jsonl";

  private CaptureFiles() {}

  /**
   * What a read found.
   *
   * @param events the events, in file and line order
   * @param files files read
   * @param tornLines torn last lines skipped (at most one per file)
   */
  public record Read(List<CaptureEvent> events, int files, int tornLines) {
    public Read {
      events = List.copyOf(events);
    }
  }

  /** The capture files in {@code dir}, oldest first (empty when the directory does not exist). */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
      }).sorted().toList();
    } catch (IOException e) {
      throw new StoreException("Cannot list capture directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads every capture file in {@code dir}. */
  public static Read read(Path dir) {
    List<CaptureEvent> out = new ArrayList<>();
    int torn = 0;
    List<Path> files = list(dir);
    for (Path f : files) {
      torn += forEach(f, out::add);
    }
    return new Read(out, files.size(), torn);
  }

  /**
   * Streams the events of one file to {@code sink}; returns 1 when a torn last line was skipped, else 0.
   *
   * @throws CaptureFormatException on a bad complete line
   * @throws StoreException when the file cannot be read
   */
  public static int forEach(Path file, Consumer<? super CaptureEvent> sink) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException("Cannot read capture file " + file + ": " + e.getMessage(), e);
    }
    int start = 0;
    long line = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        if (i > start) {
          sink.accept(CaptureJson.parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), file.toString(), line));
        }
        start = i + 1;
      }
    }
    return start < bytes.length ? 1 : 0;
  }

  /**
   * Truncates a torn last line (bytes after the last newline) from {@code file}; returns the bytes removed.
   *
   * @throws StoreException when the file cannot be read or truncated
   */
  public static long repair(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = lastNewlineEnd(ch, size);
      if (keep < size) {
        ch.truncate(keep);
        ch.force(true);
      }
      return size - keep;
    } catch (IOException e) {
      throw new StoreException("Cannot repair capture file " + file + ": " + e.getMessage(), e);
    }
  }

  private static long lastNewlineEnd(FileChannel ch, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long pos = size;
    while (pos > 0) {
      int n = (int) Math.min(buf.capacity(), pos);
      pos -= n;
      buf.clear().limit(n);
      while (buf.hasRemaining()) {
        if (ch.read(buf, pos + buf.position()) < 0) {
          break;
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return pos + i + 1;
        }
      }
    }
    return 0;
  }
}
