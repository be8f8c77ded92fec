package io.intentops.fuzz.catalogue;

import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shared fixtures of the catalogue: the real reference predictors (loaded once per JVM, on first use)
 * and copies of the BANKING77 bundle in a scratch directory for the corrupted-bundle cases.
 */
final class Fixtures {
  /** Files of the BANKING77 bundle that a directory copy holds (the encoder stays on the classpath). */
  static final List<String> BUNDLE_FILES = List.of("manifest.json", "head.safetensors", "tokenizer.json");
  /** Scratch root; messages show it as {@code $TMP}. */
  static final Path ROOT = createRoot();

  private Fixtures() {}

  private static final class Intent {
    static final IntentPredictor PREDICTOR = ReferenceModels.banking77Intent();
  }

  private static final class Ner {
    static final NerPredictor PREDICTOR = ReferenceModels.wnut17Ner();
  }

  static IntentPredictor intent() {
    return Intent.PREDICTOR;
  }

  static NerPredictor ner() {
    return Ner.PREDICTOR;
  }

  private static Path createRoot() {
    try {
      Path p = Files.createTempDirectory("intentops-bad-inputs").toRealPath();
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh, empty directory {@code $TMP/name} (cases run more than once per JVM). */
  static Path dir(String name) throws IOException {
    Path d = ROOT.resolve(name);
    if (Files.exists(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (java.util.stream.Stream<Path> s = Files.walk(d)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p); // does not follow symbolic links
        }
      }
    }
    return Files.createDirectories(d);
  }

  /** A copy of the BANKING77 reference bundle in {@code $TMP/name}. */
  static Path bundleCopy(String name) throws IOException {
    Path d = dir(name);
    for (String f : BUNDLE_FILES) {
      Files.write(d.resolve(f), resource(ReferenceModels.BANKING77_INTENT + f));
    }
    return d;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** Rewrites the bundle's manifest text with {@code from} replaced by {@code to}. */
  static void editManifest(Path bundle, String from, String to) throws IOException {
    Path m = bundle.resolve("manifest.json");
    String s = Files.readString(m, StandardCharsets.UTF_8);
    if (!s.contains(from)) {
      throw new IllegalStateException("manifest has no '" + from + "'");
    }
    Files.writeString(m, s.replace(from, to), StandardCharsets.UTF_8);
  }

  /** A file with {@code bytes} in {@code $TMP/dir/name}. */
  static Path file(String dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir(dir).resolve(name), bytes);
  }
}
