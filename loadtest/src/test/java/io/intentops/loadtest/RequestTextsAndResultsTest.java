package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ConfigurationException;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestTextsAndResultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mixesAllBanking77TestTextsWithTheRequestedShareOfOosTexts() throws Exception {
    Optional<Path> banking = DatasetPaths.requireInCi("banking77/test.csv");
    Optional<Path> clinc = DatasetPaths.requireInCi("clinc150/data_full.json");
    assumeTrue(banking.isPresent() && clinc.isPresent(), DatasetPaths.HOW_TO_GET);
    List<String> inScope = DatasetReaders.banking77(banking.get()).texts();
    Set<String> oos = new HashSet<>(DatasetReaders.clinc150(clinc.get(), "oos_test").texts());

    List<String> mixed = RequestTexts.mixed(banking.get(), clinc.get(), 0.1);
    long oosCount = mixed.stream().filter(oos::contains).count();
    assertThat(mixed).hasSize(inScope.size() + (int) oosCount).containsAll(inScope);
    assertThat((double) oosCount / mixed.size()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.002));
    assertThat(mixed).isNotEqualTo(List.copyOf(mixed).stream().sorted().toList()); // shuffled
    assertThat(RequestTexts.mixed(banking.get(), clinc.get(), 0.1)).isEqualTo(mixed); // seeded
    assertThat(RequestTexts.mixed(banking.get(), clinc.get(), 0.0)).hasSameSizeAs(inScope);

    List<byte[]> bodies = RequestTexts.bodies(mixed.subList(0, 3));
    JsonNode first = JSON.readTree(bodies.get(0));
    assertThat(first.path("text").asText()).isEqualTo(mixed.get(0));
    assertThat(first.path("userId").asText()).isEqualTo("loadtest-0");
    assertThatThrownBy(() -> RequestTexts.mixed(banking.get(), clinc.get(), 1.0))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("oosShare");
  }

  @Test
  void resultsFileHasTheSchemaAndIsWrittenWhole(@TempDir Path dir) throws Exception {
    PhaseResult ok = new PhaseResult("steady", 2, 600, 1200, 1, 1 / 1200.0, 20.5, 40.25, 60.0, 99.0, 1.998, 1, 0, 0, 0,
        Map.of(200, 1199L, 503, 1L), 0.5);
    PhaseResult none = new PhaseResult("probe-8rps", 8, 30, 240, 240, 1.0, null, null, null, null, 0, 0, 0, 240, 0,
        Map.of(), -1);
    ObjectNode machine = JSON.createObjectNode().put("cores", 2);
    ObjectNode server = JSON.createObjectNode().put("modelVersion", "1.0.0-1");
    ObjectNode doc = ResultsFile.toJson("t", "cmd", "2026-01-01T00:00:00Z", machine, server, JSON.createObjectNode(),
        List.of(ok, none));
    Path f = ResultsFile.write(dir, "t", doc);

    assertThat(f.getFileName().toString()).isEqualTo("loadtest-t.json");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(f); // no temporary file left behind
    }
    JsonNode read = JSON.readTree(f.toFile());
    assertThat(read.path("name").asText()).isEqualTo("t");
    assertThat(read.path("server").path("modelVersion").asText()).isEqualTo("1.0.0-1");
    JsonNode p = read.path("phases").get(0);
    for (String field : List.of("name", "targetRps", "durationS", "requests", "errors", "errorRate", "p50Ms", "p95Ms",
        "p99Ms", "maxMs", "achievedRps")) {
      assertThat(p.has(field)).as(field).isTrue();
    }
    assertThat(p.path("p95Ms").asDouble()).isEqualTo(40.25);
    assertThat(p.path("statusCounts").path("503").asLong()).isEqualTo(1);
    assertThat(read.path("phases").get(1).path("p50Ms").isNull()).isTrue();

    String summary = ResultsFile.summary(List.of(ok, none));
    assertThat(summary).contains("steady").contains("40.25").contains("probe-8rps").contains("ioErrors=240");
  }
}
