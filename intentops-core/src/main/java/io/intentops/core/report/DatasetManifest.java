package io.intentops.core.report;

import io.intentops.core.Checksum;
import java.util.List;
import java.util.Objects;

/**
 * What a loaded dataset is and how to tell it apart from any other: recorded in every {@code eval.json}.
 * Immutable and thread-safe.
 *
 * @param name dataset name, e.g. {@code banking77}
 * @param split split name, e.g. {@code test}
 * @param examples number of examples (texts, or sentences for token classification)
 * @param labels sorted distinct labels (entity types for token classification)
 * @param fileSha256 SHA-256 of the file bytes as read (for in-memory datasets: equal to {@code canonicalSha256})
 * @param canonicalSha256 SHA-256 of the parsed content in canonical form (one JSON array per example
 *     and line, see {@code docs/eval-json.md}); independent of quoting, line endings and, for
 *     CLINC150, of the other splits in the same file
 * @param source where the data comes from (repository and commit, or {@code unknown})
 * @param license the data's license, or {@code unknown}
 */
public record DatasetManifest(
    String name,
    String split,
    int examples,
    List<String> labels,
    Checksum fileSha256,
    Checksum canonicalSha256,
    String source,
    String license) {

  public DatasetManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(fileSha256, "fileSha256");
    Objects.requireNonNull(canonicalSha256, "canonicalSha256");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(license, "license");
    labels = List.copyOf(labels);
    if (examples < 0) {
      throw new IllegalArgumentException("examples must be >= 0, got " + examples);
    }
  }
}
