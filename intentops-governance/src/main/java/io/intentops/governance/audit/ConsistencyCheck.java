package io.intentops.governance.audit;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link AuditLog#checkConsistency(SignedHead)}: does the log extend a head published
 * earlier? Immutable.
 *
 * @param consistent true when the proof verifies against the older head's root
 * @param older the head checked against
 * @param current the log's head the proof goes to
 * @param proof the proof, or null when none can exist (the log is shorter than the older head)
 * @param message one line for people
 */
public record ConsistencyCheck(boolean consistent, SignedHead older, SignedHead current, @Nullable ConsistencyProof proof,
    String message) {}
