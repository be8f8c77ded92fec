package io.intentops.governance.docs;

import io.intentops.core.Checksum;
import java.util.List;
import java.util.Objects;

/**
 * One dataset file and its license, the input of {@link DataLicenses}. Immutable.
 *
 * @param name dataset name, e.g. {@code BANKING77}
 * @param file file path relative to the dataset root, e.g. {@code banking77/train.csv}
 * @param sha256 the file's digest
 * @param license SPDX-style license id, e.g. {@code CC-BY-4.0}
 * @param source where the dataset comes from (URL)
 */
public record DatasetLicense(String name, String file, Checksum sha256, String license, String source) {
  public DatasetLicense {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(license, "license");
    Objects.requireNonNull(source, "source");
  }

  /**
   * The license and source IntentOps knows for a dataset directory name ({@code banking77},
   * {@code wnut17}, {@code clinc150}): {name, license, source}; empty for others.
   */
  public static List<String> known(String datasetDir) {
    return switch (datasetDir) {
      case "banking77" -> List.of("BANKING77", "CC-BY-4.0", "https://github.com/PolyAI-LDN/task-specific-datasets");
      case "wnut17" -> List.of("WNUT-17", "CC-BY-4.0", "https://github.com/leondz/emerging_entities_17");
      case "clinc150" -> List.of("CLINC150", "CC-BY-3.0", "https://github.com/clinc/oos-eval");
      default -> List.of();
    };
  }
}
