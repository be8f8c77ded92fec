/**
 * Policy-as-code: JSON release policies validated against a metric catalogue at load time and evaluated against eval reports.
 */
@NullMarked
package io.intentops.governance.policy;

import org.jspecify.annotations.NullMarked;
