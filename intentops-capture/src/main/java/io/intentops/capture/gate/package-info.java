/**
 * Live quality as a router guardrail: {@link io.intentops.capture.gate.QualityTrafficGate} refuses more
 * traffic to a version whose live drift is DEGRADED or whose online accuracy is clearly below a floor.
 */
@NullMarked
package io.intentops.capture.gate;

import org.jspecify.annotations.NullMarked;
