/**
 * Version-aware routing for any {@link io.intentops.core.Predictor}: weighted canary and blue/green
 * deployments with sticky bucketing, step plans, shadow traffic, A/B statistics and automatic
 * rollback decided by the canary judge ({@link io.intentops.router.judge}).
 *
 * <p>Start at {@link io.intentops.router.Router#builder()}. Configuration types ({@link
 * io.intentops.router.RouterConfig}, {@link io.intentops.router.SloConfig}, {@link
 * io.intentops.router.ShadowConfig}, {@link io.intentops.router.RolloutPlan}) are immutable and built
 * with validated {@code custom()} builders. Routing state lives behind {@link
 * io.intentops.router.RoutingStateStore} and is updated with compare-and-set. Semantics are described
 * in {@code docs/router.md}.
 */
@NullMarked
package io.intentops.router;

import org.jspecify.annotations.NullMarked;
