/**
 * Access control for governance calls: who is calling ({@link io.intentops.governance.auth.Principal}),
 * what they may do ({@link io.intentops.governance.auth.Authorizer}, with the role-based
 * {@link io.intentops.governance.auth.RoleBasedAuthorizer}), and the typed refusal
 * ({@link io.intentops.governance.auth.AccessDeniedException}). Roles are data (upper-case names), not
 * an enum: a deployment adds {@code QA_TESTER}, {@code SRE} or {@code LEGAL} by granting permissions
 * to the name.
 */
@NullMarked
package io.intentops.governance.auth;

import org.jspecify.annotations.NullMarked;
