package io.intentops.governance;

/** How an approval decision was taken (the two modes of the release SOP, plus direct API calls). */
public enum DecisionMode {
  /** A person answered the console prompt. */
  INTERACTIVE,
  /** CI supplied {@code DEPLOY_APPROVAL}, {@code APPROVER}, {@code APPROVAL_RATIONALE}. */
  AUTOMATED,
  /** A host application called {@link Approvals#decide} directly. */
  API
}
