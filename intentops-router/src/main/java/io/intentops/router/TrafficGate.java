package io.intentops.router;

/**
 * Decides whether a version may receive more traffic. The router asks it before every change that gives
 * a version traffic it did not have or more of it: the versions a new router starts with, a rollout's
 * start, a weight increase, a step advance, a promotion and an override that targets a version. Changes
 * that only take traffic away (rollback, abort, pause, a lower weight) are never gated, so a gate can
 * never block a rollback.
 *
 * <p>A refusal is a {@link TrafficRefusedException} naming what is missing; an operator action then
 * throws it and changes nothing, and an automatic step advance stays where it is (the router logs the
 * refusal and retries on the next evaluation). The router depends on no registry: a release module
 * implements this interface over its registry (the {@code intentops-release} module does so for the
 * governance registry). Implementations must be thread-safe and should be fast; they run on the
 * operator's or the evaluation thread, never on the request path.
 */
@FunctionalInterface
public interface TrafficGate {

  /** Allows everything; the default for a router built without a gate. */
  TrafficGate ALLOW_ALL = change -> {};

  /**
   * Returns normally when {@code change} is allowed.
   *
   * @throws TrafficRefusedException when it is not; the message names the version and what it lacks
   */
  void check(TrafficChange change);
}
