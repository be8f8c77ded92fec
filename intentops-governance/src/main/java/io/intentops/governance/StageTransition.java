package io.intentops.governance;

import java.time.Instant;

/**
 * A recorded stage change. Immutable.
 *
 * @param from previous stage (null-free: registration is recorded as EXPERIMENT -> EXPERIMENT)
 * @param to new stage
 * @param actor who made the change
 * @param reason why
 * @param timestamp when
 */
public record StageTransition(Stage from, Stage to, String actor, String reason, Instant timestamp) {}
