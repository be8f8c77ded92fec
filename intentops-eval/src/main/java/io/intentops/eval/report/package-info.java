/**
 * The evaluation report: the {@code eval.json} data model ({@link io.intentops.eval.report.EvalReport}),
 * reading and writing it ({@link io.intentops.eval.report.EvalReports}), and the self-contained HTML
 * page with inline SVG charts ({@link io.intentops.eval.report.HtmlReport},
 * {@link io.intentops.eval.report.SvgCharts}). Schema: {@code docs/eval-json.md}.
 */
@NullMarked
package io.intentops.eval.report;

import org.jspecify.annotations.NullMarked;
