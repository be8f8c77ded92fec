package io.intentops.core.capture;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user's verdict on one served prediction: thumbs up, thumbs down, or a label correction. Tied to the
 * prediction by request id and to the version that served it. Immutable and thread-safe.
 *
 * @param requestId the request id of the prediction this is about
 * @param time when the feedback was given
 * @param modelVersion the version that served the prediction
 * @param kind what the user said
 * @param correctedLabel the right label, for {@link Kind#CORRECTION} only (null otherwise)
 */
public record Feedback(String requestId, Instant time, ModelVersion modelVersion, Kind kind,
    @Nullable String correctedLabel) implements CaptureEvent {

  /** Kinds of feedback. */
  public enum Kind {
    /** The prediction was right. */
    THUMBS_UP,
    /** The prediction was wrong (no better label given). */
    THUMBS_DOWN,
    /** The prediction should have been {@link Feedback#correctedLabel()}. */
    CORRECTION
  }

  public Feedback {
    requireId(requestId);
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.CORRECTION && (correctedLabel == null || correctedLabel.isBlank())) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "A correction for request '" + requestId + "' needs a non-blank corrected label");
    }
    if (kind != Kind.CORRECTION && correctedLabel != null) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          kind + " feedback for request '" + requestId + "' must not carry a corrected label");
    }
  }

  /** Thumbs up on request {@code requestId}. */
  public static Feedback thumbsUp(String requestId, Instant time, ModelVersion version) {
    return new Feedback(requestId, time, version, Kind.THUMBS_UP, null);
  }

  /** Thumbs down on request {@code requestId}. */
  public static Feedback thumbsDown(String requestId, Instant time, ModelVersion version) {
    return new Feedback(requestId, time, version, Kind.THUMBS_DOWN, null);
  }

  /** The label request {@code requestId} should have received. */
  public static Feedback correction(String requestId, Instant time, ModelVersion version, String label) {
    return new Feedback(requestId, time, version, Kind.CORRECTION, label == null ? null : label.strip());
  }

  static void requireId(@Nullable String requestId) {
    if (requestId == null || requestId.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "Request id must be non-blank");
    }
    if (requestId.length() > 256) {
      throw new InvalidInputException(InvalidInputException.Reason.TOO_LONG,
          "Request id must be at most 256 characters, got " + requestId.length());
    }
  }
}
