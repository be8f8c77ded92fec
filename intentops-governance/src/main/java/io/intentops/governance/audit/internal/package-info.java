/**
 * The file-backed {@link io.intentops.governance.audit.AuditLog} that {@code AuditLog.builder()} opens.
 * Internal: not for use outside {@code intentops-governance}.
 */
@NullMarked
package io.intentops.governance.audit.internal;

import org.jspecify.annotations.NullMarked;
