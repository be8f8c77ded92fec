package io.intentops.eval.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the evaluation datasets live. The root is, in order: the system property
 * {@value #PROPERTY}, the environment variable {@value #ENV}, or {@value #DEFAULT_ROOT} relative to
 * the working directory. The datasets are never copied into this repository; see
 * {@code ../shared/datasets/README.md} (formats, sources and licenses) to get them.
 *
 * <p>Stateless and thread-safe.
 */
public final class DatasetPaths {
  /** System property naming the dataset root. */
  public static final String PROPERTY = "intentops.datasets";
  /** Environment variable naming the dataset root. */
  public static final String ENV = "INTENTOPS_DATASETS";
  /** Default root, relative to the working directory. */
  public static final String DEFAULT_ROOT = "../shared/datasets";

  /** Where to get the data, for skip and failure messages. */
  public static final String HOW_TO_GET =
      "Point -D" + PROPERTY + "=DIR or " + ENV + "=DIR at a folder holding banking77/, wnut17/ and clinc150/ "
          + "(sources: BANKING77 github.com/PolyAI-LDN/task-specific-datasets, WNUT-17 github.com/leondz/emerging_entities_17, "
          + "CLINC150 github.com/clinc/oos-eval; see ../shared/datasets/README.md).";

  private DatasetPaths() {}

  /** The dataset root directory (it may not exist). */
  public static Path root() {
    return root(System.getProperties().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))),
        System.getenv());
  }

  static Path root(Map<String, String> props, Map<String, String> env) {
    String p = props.get(PROPERTY);
    if (p == null || p.isBlank()) {
      p = env.get(ENV);
    }
    if (p == null || p.isBlank()) {
      p = DEFAULT_ROOT;
    }
    return Path.of(p).toAbsolutePath().normalize();
  }

  /** BANKING77 folder ({@code train.csv}, {@code test.csv}). */
  public static Path banking77() {
    return root().resolve("banking77");
  }

  /** WNUT-17 folder ({@code wnut17train.conll}, {@code emerging.dev.conll}, {@code emerging.test.annotated}). */
  public static Path wnut17() {
    return root().resolve("wnut17");
  }

  /** CLINC150 folder ({@code data_full.json}). */
  public static Path clinc150() {
    return root().resolve("clinc150");
  }

  /** The file {@code relative} under the root, if it exists and is readable. */
  public static Optional<Path> find(String relative) {
    Path f = root().resolve(relative);
    return Files.isReadable(f) ? Optional.of(f) : Optional.empty();
  }

  /** Whether this run is in CI ({@code CI=true}), where a missing dataset is a failure, not a skip. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Returns the dataset file, or reports that it is missing: throws {@link IllegalStateException}
   * in CI, and otherwise returns empty so that the caller (typically a test) can skip with
   * {@link #HOW_TO_GET}.
   */
  public static Optional<Path> requireInCi(String relative) {
    Optional<Path> f = find(relative);
    if (f.isEmpty() && isCi()) {
      throw new IllegalStateException("Dataset file " + root().resolve(relative) + " is missing and CI=true. " + HOW_TO_GET);
    }
    return f;
  }
}
