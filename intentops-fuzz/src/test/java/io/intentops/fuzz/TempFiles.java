package io.intentops.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One scratch file per fuzz target, rewritten for every input (readers take paths, fuzzers give bytes). */
final class TempFiles {
  private TempFiles() {}

  static Path scratch(String dirPrefix, String fileName) {
    try {
      Path dir = Files.createTempDirectory(dirPrefix);
      dir.toFile().deleteOnExit();
      Path f = dir.resolve(fileName);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path f, byte[] data) {
    try {
      return Files.write(f, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
