package io.intentops.spring.boot.autoconfigure;

import io.intentops.models.ReferenceModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The reference BANKING77 bundle, and copies of it that report another version (for a candidate). */
final class Bundles {
  /** {@code intentops.model.path} of the reference bundle. */
  static final String REFERENCE = "classpath:" + ReferenceModels.BANKING77_INTENT;
  /** Its version. */
  static final String REFERENCE_VERSION = "1.0.0-1";

  private Bundles() {}

  /**
   * Copies the reference bundle into {@code dir} with {@code version} in its manifest (the manifest's
   * own digest is not part of the bundle check, so the copy loads; the encoder stays on the classpath).
   */
  static Path copyWithVersion(Path dir, String version) {
    try {
      Files.createDirectories(dir);
      for (String f : List.of("head.safetensors", "tokenizer.json", "manifest.json")) {
        try (InputStream in = Bundles.class.getClassLoader().getResourceAsStream(ReferenceModels.BANKING77_INTENT + f)) {
          byte[] bytes = in.readAllBytes();
          if (f.equals("manifest.json") && !version.equals(REFERENCE_VERSION)) {
            String m = new String(bytes, StandardCharsets.UTF_8);
            String patched = m.replaceFirst("\"version\"\\s*:\\s*\"" + REFERENCE_VERSION.replace(".", "\\.") + "\"",
                "\"version\" : \"" + version + "\"");
            if (patched.equals(m)) {
              throw new IllegalStateException("reference manifest has no version " + REFERENCE_VERSION);
            }
            bytes = patched.getBytes(StandardCharsets.UTF_8);
          }
          Files.write(dir.resolve(f), bytes);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
