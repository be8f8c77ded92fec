package io.intentops.release;

import io.intentops.governance.Stage;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficRefusedException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The release loop's traffic gate refused a change because the registry does not allow it. A {@link
 * TrafficRefusedException}, so the router treats it like any refusal: an operator action throws it and
 * changes nothing, an automatic step advance waits. {@link #requirement()} says which kind of thing is
 * missing and {@link #missing()} names it precisely (the role, the gate check, the stage).
 */
public final class ReleaseRefusedException extends TrafficRefusedException {
  private static final long serialVersionUID = 1L;

  /** What kind of thing the version lacks. */
  public enum Requirement {
    /** The version is not registered for the loop's model. */
    REGISTRATION,
    /** Its stage gives no traffic of this kind (e.g. CANDIDATE, DEPRECATED, ARCHIVED). */
    STAGE,
    /** CANARY traffic needs a passed deploy-gate check of the attached eval report. */
    DEPLOY_GATE,
    /** Production traffic (100 %, promotion) needs every approval its policy requires, and no rejection. */
    APPROVAL,
    /** The release policy given to the loop denies production for the version's eval report. */
    POLICY
  }

  private final Requirement requirement;
  private final @Nullable Stage stage;

  /**
   * @param change the refused change
   * @param requirement the kind of thing missing
   * @param missing what is missing, in words
   * @param stage the version's registry stage, or null if it is not registered
   */
  public ReleaseRefusedException(TrafficChange change, Requirement requirement, String missing, @Nullable Stage stage) {
    super(change, missing);
    this.requirement = Objects.requireNonNull(requirement, "requirement");
    this.stage = stage;
  }

  /** The kind of thing the version lacks. */
  public Requirement requirement() {
    return requirement;
  }

  /** The version's registry stage when it was refused; null if it is not registered. */
  public @Nullable Stage stage() {
    return stage;
  }
}
