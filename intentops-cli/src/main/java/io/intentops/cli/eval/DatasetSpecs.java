package io.intentops.cli.eval;

import io.intentops.core.ConfigurationException;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.data.TokenClassificationDataset;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Dataset arguments of the CLI: a path (absolute, or relative to the dataset root). Text data:
 * {@code *.csv} is read as BANKING77, {@code *.json#split} as a CLINC150 split. Token data: CoNLL.
 */
final class DatasetSpecs {
  private DatasetSpecs() {}

  static TextClassificationDataset text(String spec, Path root) {
    int hash = spec.lastIndexOf('#');
    String file = hash < 0 ? spec : spec.substring(0, hash);
    Path p = root.resolve(file);
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") && hash < 0) {
      return DatasetReaders.banking77(p);
    }
    if (lower.endsWith(".json") && hash > 0) {
      return DatasetReaders.clinc150(p, spec.substring(hash + 1));
    }
    throw new ConfigurationException("Cannot tell how to read text dataset '" + spec
        + "': use FILE.csv (BANKING77 columns text,category) or FILE.json#SPLIT (CLINC150)");
  }

  static TokenClassificationDataset tokens(String spec, Path root) {
    return DatasetReaders.conll(root.resolve(spec));
  }
}
