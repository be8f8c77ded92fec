/**
 * The {@code eval.json} schema as typed records ({@link io.intentops.core.report.EvalReport} and its
 * sections, metric and dataset records) with its one strict reader and writer
 * ({@link io.intentops.core.report.EvalJson}). The eval harness writes these records; governance reads
 * them to build release reports. Schema: {@code docs/eval-json.md}. All records are immutable and
 * thread-safe.
 */
@NullMarked
package io.intentops.core.report;

import org.jspecify.annotations.NullMarked;
