package io.intentops.governance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Dataset location for governance tests, resolved exactly like {@code io.intentops.eval.data.DatasetPaths}
 * (property {@code intentops.datasets}, env {@code INTENTOPS_DATASETS}, default {@code ../shared/datasets};
 * missing files fail under {@code CI=true}, otherwise the caller skips). Why a copy: depending on
 * intentops-eval, even in test scope, would pull intentops-inference into this module's build, which the
 * architecture forbids.
 */
public final class TestDatasets {
  private TestDatasets() {}

  /** The dataset root. */
  public static Path root() {
    String p = System.getProperty("intentops.datasets");
    if (p == null || p.isBlank()) {
      p = System.getenv("INTENTOPS_DATASETS");
    }
    if (p == null || p.isBlank()) {
      p = "../shared/datasets";
    }
    return Path.of(p).toAbsolutePath().normalize();
  }

  /** The file, or empty (throws when {@code CI=true}). */
  public static Optional<Path> requireInCi(String relative) {
    Path f = root().resolve(relative);
    if (Files.isReadable(f)) {
      return Optional.of(f);
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("Dataset file " + f + " is missing and CI=true");
    }
    return Optional.empty();
  }
}
