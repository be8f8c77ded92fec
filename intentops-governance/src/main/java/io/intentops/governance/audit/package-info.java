/**
 * Append-only, tamper-evident audit log: RFC 6962 Merkle tree over JSON Lines entries, inclusion proofs, HMAC-signed heads, redaction.
 */
@NullMarked
package io.intentops.governance.audit;

import org.jspecify.annotations.NullMarked;
