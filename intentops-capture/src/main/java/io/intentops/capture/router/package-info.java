/**
 * Capture and the router: {@link io.intentops.capture.router.QualityTrafficGate} (a guardrail that
 * refuses more traffic to a version whose live drift is DEGRADED or whose online accuracy is clearly
 * below a floor) and {@link io.intentops.capture.router.RouterFeedback} (persisted feedback into the
 * router's A/B test). The router does not depend on this module; this package uses its public SPI.
 */
@NullMarked
package io.intentops.capture.router;

import org.jspecify.annotations.NullMarked;
