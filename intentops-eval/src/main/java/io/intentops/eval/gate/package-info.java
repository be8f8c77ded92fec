/**
 * Release gates over evaluation reports: compare a candidate {@code eval.json} with a baseline and
 * block regressions ({@link io.intentops.eval.gate.Gate}, {@link io.intentops.eval.gate.GateConfig},
 * {@link io.intentops.eval.gate.GateVerdict}).
 */
@NullMarked
package io.intentops.eval.gate;

import org.jspecify.annotations.NullMarked;
