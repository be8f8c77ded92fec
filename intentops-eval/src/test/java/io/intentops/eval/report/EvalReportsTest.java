package io.intentops.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.ModelInfo;
import io.intentops.core.report.ReportFormatException;
import io.intentops.core.report.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportsTest {
  @TempDir Path dir;

  @Test
  void jsonRoundTripsExactlyIncludingInfinityAndNaN() throws Exception {
    EvalReport r = ReportFixtures.report(5, 0.8, 1);
    ModelManifest m = new ModelManifest(1, "toy-intent", ModelVersion.of(1, 2, 0, 3), Task.INTENT,
        new ModelManifest.EncoderRef("bge-small-en-v1.5", "classpath:/model.onnx", Checksum.sha256("x"), "mean", 128), null,
        List.of("a", "b"), 1.3, new ModelManifest.OosConfig("knn-cosine", 0.6, 0.95, Map.of("k", 10.0)),
        Map.of("head.bin", Checksum.sha256("h")), Map.of(), Map.of("acc", 0.9), Instant.parse("2026-01-01T00:00:00Z"),
        2025, Map.of());
    r = new EvalReport(r.schemaVersion(), r.createdAt(), r.run(), List.of(ModelInfo.of(m)), r.intent(), r.oos(), r.ner());
    Path json = EvalReports.write(r, dir);
    assertThat(json.getFileName().toString()).isEqualTo("eval.json");
    assertThat(dir.resolve("report.html")).isNotEmptyFile();
    EvalReport back = EvalJson.read(json);
    assertThat(back).isEqualTo(r);
    JsonNode tree = EvalJson.mapper().readTree(json.toFile());
    assertThat(tree.at("/oos/roc/0/threshold").asText()).isEqualTo("Infinity");
    assertThat(tree.at("/intent/0/classification/accuracy/seed").asLong()).isEqualTo(2025);
    assertThat(tree.at("/intent/0/dataset/canonicalSha256").asText()).hasSize(64);
    assertThat(tree.at("/models/0/manifestSha256").asText()).isEqualTo(ModelInfo.of(m).manifestSha256().hex());
    assertThat(tree.at("/run/codeCommit").asText()).hasSize(40);
    assertThat(tree.at("/intent/0/classification/confusion/counts").isArray()).isTrue();
    assertThat(tree.at("/intent/0/calibration/bins").size()).isEqualTo(15);
    // Model-flag CLINC protocol records the threshold that was passed.
    assertThat(tree.at("/oos/atThreshold/threshold").asDouble()).isEqualTo(0.6);
  }

  @Test
  void sliceMetricsAreWrittenAndReportsWithoutThemStillRead() throws Exception {
    EvalReport r = ReportFixtures.report(5, 0.8, 1);
    assertThat(r.intent().get(0).slices()).isNotNull();
    JsonNode tree = EvalJson.mapper().readTree(EvalJson.toJson(r));
    assertThat(tree.at("/intent/0/slices/slices/0/name").asText()).isEqualTo("length.short");
    assertThat(tree.at("/intent/0/slices/minExamples").asInt()).isEqualTo(100);
    assertThat(HtmlReport.render(r)).contains("<table class=\"slices\">", "length.short");
    // A report written before slice metrics existed (no "slices" field) reads back with null slices.
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/intent/0")).remove("slices");
    EvalReport old = EvalJson.fromJson(tree.toString(), "old.json");
    assertThat(old.intent().get(0).slices()).isNull();
    assertThat(EvalJson.toJson(old)).doesNotContain("\"slices\"");
    assertThat(HtmlReport.render(old)).doesNotContain("class=\"slices\"");
  }

  @Test
  void malformedReportsAreTypedErrorsWithPosition() throws Exception {
    Path bad = dir.resolve("eval.json");
    Files.writeString(bad, "{\n  \"schemaVersion\": 1,\n  \"createdAt\": \"nope\"\n}");
    assertThatThrownBy(() -> EvalJson.read(bad)).isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("line 3");
    Files.writeString(bad, "{\"schemaVersion\": 9, \"createdAt\": \"2026-01-01T00:00:00Z\", \"run\": "
        + EvalJson.mapper().writeValueAsString(ReportFixtures.report(2, 1, 1).run()) + "}");
    assertThatThrownBy(() -> EvalJson.read(bad)).isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("schemaVersion 9");
    assertThatThrownBy(() -> EvalJson.read(dir.resolve("none.json"))).isInstanceOf(ReportFormatException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void runInfoDescribesThisJvm() {
    RunInfo info = RunEnvironment.capture(Instant.EPOCH, 1.5);
    assertThat(info.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(info.availableProcessors()).isPositive();
    assertThat(info.wallSeconds()).isEqualTo(1.5);
    if (info.codeCommit() != null) {
      assertThat(info.codeCommit()).matches("[0-9a-f]{40}");
    }
  }
}
