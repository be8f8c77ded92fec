/**
 * Service-provider interface for {@link io.intentops.governance.GovernanceStore} implementations
 * outside this module (the PostgreSQL store in {@code intentops-postgres}): the JSON form of the
 * records ({@link io.intentops.governance.spi.store.RecordJson}). Stable within a minor version;
 * stateless and thread-safe.
 */
@NullMarked
package io.intentops.governance.spi.store;

import org.jspecify.annotations.NullMarked;
