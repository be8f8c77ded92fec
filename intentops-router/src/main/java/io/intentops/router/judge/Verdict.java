package io.intentops.router.judge;

/** What the evidence says about a candidate, for one rule or for all of them. */
public enum Verdict {
  /** The evidence favours "within the limit" strongly enough to advance a step plan. */
  HEALTHY,
  /** The sequential test crossed its threshold: the candidate is worse than the limit. Rolls back. */
  BREACHING,
  /** Not enough evidence either way (including no traffic at all). Neither rolls back nor advances. */
  INCONCLUSIVE
}
