package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.governance.lineage.LineageGraph;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class LineageTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  @Test
  void datasetsToDeploymentAsJsonDotAndSvg() throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle);
    ModelManifests.write(Fixtures.manifest(V1), bundle.resolve("manifest.json"));
    try (Governance g = Fixtures.governance(dir.resolve("gov"), clock)) {
      g.registry().registerBundle(bundle, "alice");
      g.registry().attachEvalReport(MODEL, V1, Fixtures.bytes(Fixtures.PASSING_REPORT), "alice");
      g.registry().transition(MODEL, V1, Stage.CANDIDATE, "alice", "ready");
      g.registry().transition(MODEL, V1, Stage.CANARY, "alice", "canary");
      g.approvals().request(MODEL, V1, "alice");
      g.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", true, "ok"));
      g.approvals().decide(MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "ok"));
      ReleaseRecord r = g.registry().promote(MODEL, V1, Fixtures.release("v1"));
      VersionEntry e = g.registry().version(MODEL, V1).orElseThrow();

      LineageGraph lg = LineageGraph.of(g.registry(), MODEL, V1);
      assertThat(lg.nodes()).extracting(LineageGraph.Node::kind).containsExactly(LineageGraph.Kind.DATASET,
          LineageGraph.Kind.DATASET, LineageGraph.Kind.TRAINING_RUN, LineageGraph.Kind.BUNDLE,
          LineageGraph.Kind.EVAL_REPORT, LineageGraph.Kind.RELEASE, LineageGraph.Kind.DEPLOYMENT);
      LineageGraph.Node run = lg.nodes().get(2);
      assertThat(run.attributes()).containsEntry("seed", "2025").containsEntry("commit", "0123abc");
      assertThat(lg.nodes().get(0).attributes().get("sha256"))
          .isEqualTo(e.datasetDigests().get("banking77/train.csv").hex());
      assertThat(lg.edges()).extracting(LineageGraph.Edge::relation).containsExactly("trained_on", "trained_on",
          "produced", "evaluated_by", "released_as", "deployed_to");
      assertThat(lg.nodes().get(6).attributes()).containsEntry("url", r.deploymentUrl())
          .containsEntry("config_sha256", r.configDigest().hex());

      JsonNode json = new ObjectMapper().readTree(lg.toJson());
      assertThat(json.path("nodes")).hasSize(7);
      assertThat(json.at("/nodes/4/attributes/sha256").asText()).isEqualTo(e.evalReportDigest().hex());
      assertThat(json.at("/edges/5/relation").asText()).isEqualTo("deployed_to");

      String dot = lg.toDot();
      assertThat(dot).startsWith("digraph lineage {").contains("\"run:" + MODEL + "@" + V1 + "\" -> \"bundle:"
          + e.bundleDigest().hex() + "\" [label=\"produced\"]");
      String svg = lg.toSvg();
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(7);
      assertThat(doc.getElementsByTagName("line").getLength()).isEqualTo(6);
      assertThat(LineageGraph.of(g.registry(), MODEL, V1).toSvg()).isEqualTo(svg); // deterministic
    }
  }

  @Test
  void unknownVersionIsATypedError() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      assertThatThrownBy(() -> LineageGraph.of(g.registry(), MODEL, ModelVersion.parse("9.9.9-9")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown model version");
    }
  }
}
