/** Implementations behind the {@code io.intentops.postgres} API; not for direct use. */
@NullMarked
package io.intentops.postgres.internal;

import org.jspecify.annotations.NullMarked;
