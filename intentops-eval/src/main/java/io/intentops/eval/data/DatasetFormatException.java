package io.intentops.eval.data;

import io.intentops.core.IntentOpsException;
import org.jspecify.annotations.Nullable;

/**
 * A dataset file is malformed: a missing column, a bad BIO tag, broken JSON, bytes that are not valid
 * UTF-8, an empty text or label. The message names the file, the 1-based line (0 when the problem is
 * not tied to a line) and the problem, e.g. {@code wnut17/train.conll:42: invalid tag 'X-person'}.
 */
public class DatasetFormatException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String problem;

  /**
   * @param file the file (or source name) that is malformed
   * @param line 1-based line number, or 0 when not tied to a line
   * @param problem what is wrong, without echoing long user text
   */
  public DatasetFormatException(String file, long line, String problem) {
    this(file, line, problem, null);
  }

  /** As {@link #DatasetFormatException(String, long, String)}, with the underlying cause. */
  public DatasetFormatException(String file, long line, String problem, @Nullable Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The malformed file. */
  public String file() {
    return file;
  }

  /** 1-based line number, or 0 when the problem is not tied to a line. */
  public long line() {
    return line;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }
}
