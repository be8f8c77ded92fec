package io.intentops.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Registry;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.support.internal.Json;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Input validation and version look-up shared by the governance collaborators. Stateless. */
final class Checks {
  static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private Checks() {}

  static String subject(String model, ModelVersion version) {
    return model + "@" + version;
  }

  static VersionEntry require(GovernanceStore store, String model, ModelVersion version) {
    checkModel(model);
    return store.version(model, version).orElseThrow(() -> new InvalidInputException(
        InvalidInputException.Reason.INVALID_ARGUMENT, "Unknown model version " + model + "@" + version));
  }

  static void checkModel(String model) {
    if (model == null || !MODEL_NAME.matcher(model).matches() || model.contains("..")) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Model name '" + model + "' must match " + MODEL_NAME.pattern());
    }
  }

  static void requireText(@Nullable String v, String field) {
    if (v == null || v.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, field + " must not be blank");
    }
  }

  /** The eval report of the version now in production, for margin conditions; null if none. */
  static @Nullable JsonNode productionReport(GovernanceStore store, String model) {
    ModelVersion prod = store.aliases(model).get(Registry.PRODUCTION);
    if (prod == null) {
      return null;
    }
    return store.version(model, prod).map(VersionEntry::evalReportDigest).flatMap(store::evalReport)
        .map(b -> Json.tree(b, "production eval report of " + model + "@" + prod)).orElse(null);
  }
}
