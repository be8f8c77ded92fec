package io.intentops.samples.springboot;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Serving-time calibration read from {@code CALIBRATION_PARAMS_PATH}: {@code {"oos_threshold": 0.31}}
 * replaces the bundle's out-of-scope threshold (tuned per deployment, e.g. on its own traffic), so a
 * prediction is out of scope when its {@code oosScore >= oos_threshold}. Unknown fields are rejected.
 * Immutable.
 *
 * @param oosThreshold the OOS threshold to apply, or null to keep the model's verdict
 */
public record CalibrationParams(@JsonProperty("oos_threshold") @Nullable Double oosThreshold) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** No overrides. */
  public static final CalibrationParams NONE = new CalibrationParams(null);

  public CalibrationParams {
    if (oosThreshold != null && (oosThreshold.isNaN() || oosThreshold.isInfinite())) {
      throw new ConfigurationException("oos_threshold must be a finite number, got " + oosThreshold);
    }
  }

  /**
   * Reads {@code file}; an empty path means no overrides.
   *
   * @throws ConfigurationException naming the file, line and column when it is missing or malformed
   */
  public static CalibrationParams read(String file) {
    if (file.isBlank()) {
      return NONE;
    }
    Path p = Path.of(file);
    try {
      Dto d = JSON.readValue(Files.readAllBytes(p), Dto.class);
      return d == null ? NONE : new CalibrationParams(d.oosThreshold);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ConfigurationException("CALIBRATION_PARAMS_PATH " + p + (loc == null ? "" : " line " + loc.getLineNr()
          + " column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigurationException("CALIBRATION_PARAMS_PATH " + p + " cannot be read: " + e);
    }
  }

  // A plain field-bound DTO: Jackson reports an unknown field at its own line (a record's creator
  // buffers the object and reports the end of it).
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
