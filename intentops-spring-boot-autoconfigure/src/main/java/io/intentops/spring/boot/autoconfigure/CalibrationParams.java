package io.intentops.spring.boot.autoconfigure;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentPrediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Serving-time calibration read from {@code intentops.model.calibration-params-path}
 * ({@code CALIBRATION_PARAMS_PATH}): {@code {"oos_threshold": 0.31}} replaces the bundle's out-of-scope
 * threshold, so a prediction is out of scope when its {@code oosScore >= oos_threshold}. Unknown fields
 * are rejected. Immutable.
 *
 * @param oosThreshold the OOS threshold to apply, or null to keep the model's verdict
 */
public record CalibrationParams(@Nullable Double oosThreshold) {
  static final String PROPERTY = "intentops.model.calibration-params-path";
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** No overrides. */
  public static final CalibrationParams NONE = new CalibrationParams(null);

  /**
   * Reads {@code file}; null or blank means no overrides.
   *
   * @throws InvalidIntentOpsPropertyException naming the file, line and column when it is missing or malformed
   */
  public static CalibrationParams read(@Nullable String file) {
    if (file == null || file.isBlank()) {
      return NONE;
    }
    Path p = Path.of(file);
    Dto d;
    try {
      d = JSON.readValue(Files.readAllBytes(p), Dto.class);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new InvalidIntentOpsPropertyException(PROPERTY, file, (loc == null ? "" : "line " + loc.getLineNr()
          + " column " + loc.getColumnNr() + ": ") + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidIntentOpsPropertyException(PROPERTY, file, "cannot be read: " + e);
    }
    if (d == null || d.oosThreshold == null) {
      return NONE;
    }
    if (!Double.isFinite(d.oosThreshold)) {
      throw new InvalidIntentOpsPropertyException(PROPERTY, file, "oos_threshold must be a finite number");
    }
    return new CalibrationParams(d.oosThreshold);
  }

  // Field-bound DTO: Jackson reports an unknown field at its own line.
  private static final class Dto {
    @JsonProperty("oos_threshold")
    @Nullable Double oosThreshold;
  }

  /** {@code p} with its OOS verdict re-judged against {@link #oosThreshold()}, or {@code p} itself. */
  public IntentPrediction apply(IntentPrediction p) {
    if (oosThreshold == null) {
      return p;
    }
    boolean oos = p.oosScore() >= oosThreshold;
    return oos == p.outOfScope() ? p
        : new IntentPrediction(p.label(), p.score(), p.topK(), oos, p.oosScore(), p.modelVersion(), p.latency(),
            p.truncated());
  }
}
