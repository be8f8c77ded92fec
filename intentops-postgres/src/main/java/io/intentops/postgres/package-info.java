/**
 * Fleet mode: many application instances, each embedding a router, share one PostgreSQL database for
 * routing state (compare-and-set, LISTEN/NOTIFY propagation with polling fallback), the canary judge's
 * evidence (every router judges the fleet's merged evidence; {@code PostgresFleet.exchange()}), fleet
 * SLO window counters and, through {@code PostgresGovernanceStore} and {@code
 * PostgresAuditLog}, one registry and audit log. Configured with a {@link javax.sql.DataSource}; no
 * ORM. See {@code docs/fleet.md}.
 */
@NullMarked
package io.intentops.postgres;

import org.jspecify.annotations.NullMarked;
