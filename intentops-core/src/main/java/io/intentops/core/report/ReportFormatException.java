package io.intentops.core.report;

import io.intentops.core.IntentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * An {@code eval.json} is missing, malformed, of an unknown schema version, has a field the schema does
 * not know, or lacks a required field or has one of the wrong type. The message names the source, the
 * JSON path ({@link #path()}, e.g. {@code $.intent[0].classification.accuracy}) and, where the text has
 * one, the line and column: {@code Eval report eval/eval.json: $.oos.atThreshold.oosRecall: missing
 * (at line L, column C)}.
 */
public class ReportFormatException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String path;
  private final String problem;

  /**
   * @param source the file or name the JSON came from
   * @param path JSON path of the offending value, {@code $} for the whole document
   * @param problem what is wrong with it, including the line and column when known
   * @param cause the underlying parser or I/O failure, if any
   */
  public ReportFormatException(String source, String path, String problem, @Nullable Throwable cause) {
    super("Eval report " + source + ": " + (path.equals("$") ? "" : path + ": ") + problem, cause);
    this.source = source;
    this.path = path;
    this.problem = problem;
  }

  /** The file or name the JSON came from. */
  public String source() {
    return source;
  }

  /** JSON path of the offending value, rooted at {@code $} ({@code $} for the document). */
  public String path() {
    return path;
  }

  /** What is wrong, without the source and path. */
  public String problem() {
    return problem;
  }
}
