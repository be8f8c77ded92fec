package io.intentops.router;

/**
 * Counters of shadow traffic since the router was built. A consistent-enough snapshot: counters are
 * read one after another while shadow work may continue.
 *
 * @param submitted requests handed to the shadow executor
 * @param dropped requests sampled for shadowing but dropped because the queue was full
 * @param completed shadow predictions that returned an output
 * @param failed shadow predictions that threw
 * @param agreed completed predictions that agreed with the stable output
 */
public record ShadowStats(long submitted, long dropped, long completed, long failed, long agreed) {

  /** agreed / completed; NaN before the first completion. */
  public double agreementRate() {
    return completed == 0 ? Double.NaN : (double) agreed / completed;
  }
}
