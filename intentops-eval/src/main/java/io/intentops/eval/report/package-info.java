/**
 * Writing an evaluation run's files: {@code eval.json} (the typed records of
 * {@link io.intentops.core.report}, written by {@link io.intentops.core.report.EvalJson}) and the
 * self-contained HTML page with inline SVG charts ({@link io.intentops.eval.report.EvalReports},
 * {@link io.intentops.eval.report.HtmlReport}, {@link io.intentops.eval.report.SvgCharts}), plus the
 * run environment recorded in each report ({@link io.intentops.eval.report.RunEnvironment}).
 * Schema: {@code docs/eval-json.md}.
 */
@NullMarked
package io.intentops.eval.report;

import org.jspecify.annotations.NullMarked;
