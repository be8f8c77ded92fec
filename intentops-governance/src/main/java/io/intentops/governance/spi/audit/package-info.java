/**
 * Service-provider interface for audit log implementations outside this module (the PostgreSQL log
 * in {@code intentops-postgres}): the stored line format ({@link io.intentops.governance.spi.audit.AuditLines})
 * and RFC 6962 Merkle hashing ({@link io.intentops.governance.spi.audit.Merkle}). A store that writes
 * lines with these types produces entries byte-for-byte identical to the file log's, so one verifier
 * reads both. Applications use {@link io.intentops.governance.audit.AuditLog} instead.
 *
 * <p>Stable within a minor version; all types are stateless and thread-safe.
 */
@NullMarked
package io.intentops.governance.spi.audit;

import org.jspecify.annotations.NullMarked;
