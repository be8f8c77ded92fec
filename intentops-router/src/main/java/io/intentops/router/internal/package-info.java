/**
 * Implementations behind the {@code io.intentops.router} interfaces. Not an API: types here may change
 * in any release.
 */
@NullMarked
package io.intentops.router.internal;

import org.jspecify.annotations.NullMarked;
