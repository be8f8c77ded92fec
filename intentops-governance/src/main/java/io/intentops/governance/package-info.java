/**
 * Model registry, lifecycle stages, immutable release records, approvals with separation of duties, the release SOP and the deploy gate, on a pluggable {@link io.intentops.governance.GovernanceStore}.
 */
@NullMarked
package io.intentops.governance;

import org.jspecify.annotations.NullMarked;
