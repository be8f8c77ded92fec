package io.intentops.router;

/** How one request to one version ended, as seen by the SLO windows. */
public enum RequestOutcome {
  /** Answered in time. */
  SUCCESS,
  /** Threw something other than {@link io.intentops.core.InvalidInputException}, or timed out. Counts against the SLO. */
  SERVER_ERROR,
  /** Threw {@link io.intentops.core.InvalidInputException}: the caller's fault, never counted against the SLO. */
  CLIENT_ERROR
}
