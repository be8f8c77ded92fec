package io.intentops.eval.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelManifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code eval.json} and writes {@code report.html}. JSON uses the manifest mapper's
 * conventions (ISO-8601 instants, sorted map keys, indented); non-finite numbers are written as the
 * strings {@code "NaN"}, {@code "Infinity"}. Files are written atomically. Thread-safe.
 */
public final class EvalReports {
  /** File name of the JSON report. */
  public static final String JSON_FILE = "eval.json";
  /** File name of the HTML report. */
  public static final String HTML_FILE = "report.html";

  private static final ObjectMapper MAPPER = ModelManifests.mapper()
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature());

  private EvalReports() {}

  /** The report as JSON text. */
  public static String toJson(EvalReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException("eval.json serialisation failed", e);
    }
  }

  /** Parses JSON text; {@code source} names it in errors. */
  public static EvalReport fromJson(String json, String source) {
    try {
      EvalReport r = MAPPER.readValue(json, EvalReport.class);
      if (r == null) {
        throw new ReportFormatException(source + " is empty", null);
      }
      if (r.schemaVersion() != EvalReport.SCHEMA_VERSION) {
        throw new ReportFormatException(source + " has schemaVersion " + r.schemaVersion() + "; this library reads "
            + EvalReport.SCHEMA_VERSION, null);
      }
      return r;
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root instanceof IntentOpsException || root instanceof IllegalArgumentException
          || root instanceof NullPointerException ? root.getMessage() : e.getOriginalMessage();
      throw new ReportFormatException("Malformed eval report " + source + where + ": " + why, e);
    }
  }

  /** Reads an {@code eval.json} file. */
  public static EvalReport read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new ReportFormatException("Eval report not found: " + file, e);
    } catch (IOException e) {
      throw new ReportFormatException("Cannot read eval report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code eval.json} and {@code report.html} into {@code dir} (created if needed), each atomically.
   *
   * @return the path of {@code eval.json}
   */
  public static Path write(EvalReport report, Path dir) {
    Path json = dir.resolve(JSON_FILE);
    ModelManifests.writeAtomically(json, toJson(report).getBytes(StandardCharsets.UTF_8));
    ModelManifests.writeAtomically(dir.resolve(HTML_FILE), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
    return json;
  }

  /** A copy of the mapper used for eval.json (for tools that embed reports in other JSON). */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }
}
