package io.intentops.governance.report;

import io.intentops.core.ConfigurationException;

/**
 * An {@code eval.json} cannot be mapped to a governance report: malformed JSON, an unknown schema
 * version, a field the schema does not know, a required field that is missing or of the wrong type
 * (all reported by {@link io.intentops.core.report.EvalJson}, whose
 * {@link io.intentops.core.report.ReportFormatException} is the cause), or a section or finite metric
 * the governance report needs. The message starts with the JSON path of the field (without the
 * leading {@code $.}), e.g. {@code intent[0].slices: missing (in eval/eval.json)}.
 */
public class EvalReportFormatException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public EvalReportFormatException(String source, String field, String problem) {
    super(field + ": " + problem + " (in " + source + ")");
    this.field = field;
  }

  /** JSON path of the offending field ({@code $} for the document). */
  public String field() {
    return field;
  }
}
