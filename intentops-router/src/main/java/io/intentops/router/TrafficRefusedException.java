package io.intentops.router;

import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import java.util.Objects;

/**
 * A {@link TrafficGate} refused to give a version traffic, for example because its registry stage does
 * not allow it or an approval its policy requires is missing. {@link #missing()} names what is lacking
 * (an approval role, a gate result, a stage). Nothing was changed.
 */
public class TrafficRefusedException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  private final ModelVersion version;
  private final TrafficChange.Kind kind;
  private final String missing;

  /**
   * @param change the refused change
   * @param missing what the version lacks, in words (e.g. "approval by role compliance")
   */
  public TrafficRefusedException(TrafficChange change, String missing) {
    super("Refused " + Objects.requireNonNull(change, "change").kind() + " for " + change.version() + " ("
        + change.fromBps() + " -> " + change.toBps() + " bps): " + Objects.requireNonNull(missing, "missing"));
    this.version = change.version();
    this.kind = change.kind();
    this.missing = missing;
  }

  /** The version that was refused traffic. */
  public ModelVersion version() {
    return version;
  }

  /** The refused operation. */
  public TrafficChange.Kind kind() {
    return kind;
  }

  /** What the version lacks, in words. */
  public String missing() {
    return missing;
  }
}
