/**
 * Turns the eval harness's {@code eval.json} into the governance report that release policies, approvals
 * and model cards read ({@link io.intentops.governance.report.EvalReportAdapter}). Reads the JSON as data
 * with Jackson: governance does not depend on {@code intentops-eval}.
 */
@NullMarked
package io.intentops.governance.report;

import org.jspecify.annotations.NullMarked;
