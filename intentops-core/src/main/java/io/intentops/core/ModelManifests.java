package io.intentops.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * Reads and writes {@link ModelManifest} as JSON. Reading reports malformed or truncated files as a
 * {@link ModelLoadException} naming the source, line and column; writing is atomic (temp file, fsync,
 * rename), so a reader never sees half a manifest. Thread-safe.
 */
public final class ModelManifests {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ModelManifests() {}

  /** Reads a manifest file. */
  public static ModelManifest read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new ModelLoadException("Manifest not found: " + file, e);
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a manifest from a stream; {@code source} names it in error messages. The stream is not closed. */
  public static ModelManifest read(InputStream in, String source) {
    try {
      ModelManifest m = MAPPER.readValue(in, ModelManifest.class);
      if (m == null) {
        throw new ModelLoadException("Manifest " + source + " is empty");
      }
      if (m.formatVersion() > ModelManifest.CURRENT_FORMAT) {
        // A newer writer may have changed the meaning of fields this reader would silently misread.
        throw new ModelLoadException("Manifest " + source + " has formatVersion " + m.formatVersion()
            + "; this library reads bundle format " + ModelManifest.CURRENT_FORMAT + " (upgrade IntentOps to load it)");
      }
      return m;
    } catch (JacksonException e) {
      throw new ModelLoadException("Malformed manifest " + source + JsonErrors.location(e) + ": " + JsonErrors.reason(e), e);
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read manifest " + source + ": " + e.getMessage(), e);
    }
  }

  /** Serialises a manifest to pretty-printed JSON with sorted map keys. */
  public static String toJson(ModelManifest manifest) {
    try {
      return MAPPER.writeValueAsString(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("Manifest serialisation failed", e);
    }
  }

  /** Writes a manifest atomically: a temp file in the same directory, fsync, then rename. */
  public static void write(ModelManifest manifest, Path file) {
    writeAtomically(file, toJson(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: readers see the old content or the new, never a
   * mix. Used for every small record IntentOps persists.
   */
  public static void writeAtomically(Path file, byte[] bytes) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        makeWorldReadable(tmp);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true); // make the rename durable; not supported on every OS, hence the catch below
      } catch (IOException ignored) {
        // Directory fsync is best effort.
      }
    } catch (IOException e) {
      throw new StoreException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  // createTempFile makes 0600 files; records must stay readable by operators (jq) like any other file.
  private static void makeWorldReadable(Path f) {
    try {
      Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // Non-POSIX file systems keep their defaults.
    }
  }

  /** The shared JSON mapper configuration (ISO-8601 instants, sorted keys). */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }
}
