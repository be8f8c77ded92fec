package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentOpsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsMarkdownTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void writeRun(Path dir, String name, double p95) {
    PhaseResult steady = new PhaseResult("steady", 2, 600, 1200, 0, 0, 20.5, p95, 60.0, 99.0, 2.0, 0, 0, 0, 0,
        Map.of(200, 1200L), 1.5);
    ResultsFile.write(dir, name, ResultsFile.toJson(name, "loadtest/run.sh " + name, "2026-11-23T13:30:00Z",
        JSON.createObjectNode().put("cores", 2).put("cpuModel", "cpu").put("java", "jdk").put("loadAvgBefore", 1.25)
            .put("loadAvgAfter", 3.5),
        JSON.createObjectNode().put("jvm", "jvm").put("heap", "max 1024 MiB").put("modelVersion", "1.0.0-1"),
        JSON.createObjectNode(), List.of(steady)));
  }

  @Test
  void fillsTheMarkedSectionFromTheResultsFilesAndKeepsTheRest(@TempDir Path dir) throws Exception {
    writeRun(dir, "b-run", 40.25);
    writeRun(dir, "a-run", 33.0);
    Files.writeString(dir.resolve("other.json"), "{}"); // not a load-test file: ignored
    Path md = dir.resolve("perf.md");
    Files.writeString(md, "# Perf\nintro\n" + ResultsMarkdown.BEGIN + "\nstale table\n" + ResultsMarkdown.END + "\ntail\n");

    ResultsMarkdown.update(dir, md);
    String out = Files.readString(md, StandardCharsets.UTF_8);
    assertThat(out).startsWith("# Perf\nintro\n").endsWith(ResultsMarkdown.END + "\ntail\n").doesNotContain("stale table");
    assertThat(out).contains("| steady | 2 | 600 | 1200 | 0 | 0.0000 | 20.50 | 40.25 | 60.00 | 99.00 | 2.00 | 1.50 |");
    assertThat(out).contains("| 33.00 |").contains("load average 1.25 before, 3.50 after");
    assertThat(out.indexOf("**a-run**")).isPositive().isLessThan(out.indexOf("**b-run**"));

    ResultsMarkdown.update(dir, md); // idempotent
    assertThat(Files.readString(md, StandardCharsets.UTF_8)).isEqualTo(out);
  }

  @Test
  void aDocumentWithoutMarkersIsReportedByName(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("plain.md");
    Files.writeString(md, "# nothing to fill\n");
    assertThatThrownBy(() -> ResultsMarkdown.update(dir, md)).isInstanceOf(IntentOpsException.class)
        .hasMessageContaining("plain.md").hasMessageContaining("loadtest-results:begin");
  }
}
