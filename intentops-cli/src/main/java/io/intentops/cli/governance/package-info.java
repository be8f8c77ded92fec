/**
 * The governance commands of {@code intentops}: {@code release} (register, stage, request, approve, gate,
 * promote, rollback, status), {@code audit} (verify, query), {@code pii-scan} and {@code model-card}. They
 * call the programmatic API of {@code intentops-governance} ({@link io.intentops.governance.Governance}).
 */
@NullMarked
package io.intentops.cli.governance;

import org.jspecify.annotations.NullMarked;
