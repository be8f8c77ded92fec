package io.intentops.governance;

/** Why a release record was written. */
public enum ReleaseKind {
  /** A version was promoted to production. */
  PROMOTION,
  /** Production was rolled back to the previous version. */
  ROLLBACK,
  /** A correction of an earlier record (records are never edited). */
  CORRECTION
}
