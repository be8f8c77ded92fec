/**
 * Leaf helpers of the governance module (JSON mapping of records, cross-process file locks). They use no
 * other governance type, so every governance package may use them without creating a package cycle.
 * Internal: not for use outside {@code intentops-governance}.
 */
@NullMarked
package io.intentops.governance.support.internal;

import org.jspecify.annotations.NullMarked;
