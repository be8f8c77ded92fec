/**
 * The release loop: a {@link io.intentops.router.Router} that serves only what governance allows and
 * a registry, release log and audit log that follow what the router does, with no host code.
 *
 * <p>Start at {@link io.intentops.release.ReleaseLoop#custom()}. The loop depends on the router and
 * governance modules, which stay independent of each other. Semantics, the stage table and failure
 * modes are described in {@code docs/release-loop.md}.
 */
@NullMarked
package io.intentops.release;

import org.jspecify.annotations.NullMarked;
