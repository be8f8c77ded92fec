/**
 * Turns the eval harness's {@code eval.json} into the governance report that release policies, approvals
 * and model cards read ({@link io.intentops.governance.report.EvalReportAdapter}). Reads {@code eval.json}
 * into the typed records of {@link io.intentops.core.report} with their one strict reader
 * ({@link io.intentops.core.report.EvalJson}), the same records the eval harness writes: governance
 * does not depend on {@code intentops-eval}.
 */
@NullMarked
package io.intentops.governance.report;

import org.jspecify.annotations.NullMarked;
