package io.intentops.eval.report;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ModelManifests;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes the files of an evaluation run: {@code eval.json} (through {@link EvalJson}, which also reads
 * it back) and {@code report.html}. Files are written atomically. Thread-safe.
 */
public final class EvalReports {
  /** File name of the JSON report. */
  public static final String JSON_FILE = "eval.json";
  /** File name of the HTML report. */
  public static final String HTML_FILE = "report.html";

  // Gate verdicts and drift runs are written with the eval.json conventions but read leniently (drift
  // state files from older versions keep loading); eval.json itself is read only by EvalJson.
  private static final ObjectMapper MAPPER = ModelManifests.mapper()
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature());

  private EvalReports() {}

  /**
   * Writes {@code eval.json} and {@code report.html} into {@code dir} (created if needed), each atomically.
   *
   * @return the path of {@code eval.json}
   */
  public static Path write(EvalReport report, Path dir) {
    Path json = dir.resolve(JSON_FILE);
    EvalJson.write(report, json);
    ModelManifests.writeAtomically(dir.resolve(HTML_FILE), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
    return json;
  }

  /**
   * A copy of the mapper for the other JSON the eval tools write (gate verdicts, drift runs and drift
   * state): sorted map keys, ISO-8601 instants, non-finite numbers as strings, unknown fields ignored
   * on reading. Not a reader of {@code eval.json}: use {@link EvalJson#read}.
   */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }
}
