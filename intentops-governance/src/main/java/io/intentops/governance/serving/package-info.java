/**
 * "Which version served routing key K at time T": routing snapshots recorded in the audit log
 * ({@link io.intentops.governance.serving.RoutingSnapshot}) and release records, read back by
 * {@link io.intentops.governance.serving.ServingHistory} with the router's documented bucket rule.
 */
@NullMarked
package io.intentops.governance.serving;

import org.jspecify.annotations.NullMarked;
